import type { Clock } from '../kernel/clock.js';
import { systemClock } from '../kernel/clock.js';
import type { EventEnvelope } from '../kernel/domain-event.js';
import type { OutboxMessage, OutboxStore } from '../messaging/outbox.js';

export interface OutboxRecord {
  readonly id: string;
  readonly envelope: EventEnvelope;
  attempts: number;
  nextAttemptAt: Date;
  publishedAt: Date | null;
  lastError: string | null;
}

/** The outbox table of the fakes, with the same claim rules as the PostgreSQL store. */
export class InMemoryOutboxStore implements OutboxStore {
  readonly #records: OutboxRecord[] = [];
  readonly #listeners = new Set<() => void>();
  #sequence = 0;

  constructor(private readonly clock: Clock = systemClock) {}

  /** Called by the in-memory unit of work on commit. */
  append(envelopes: readonly EventEnvelope[]): void {
    if (envelopes.length === 0) return;
    const now = this.clock.now();
    for (const envelope of envelopes) {
      this.#sequence += 1;
      this.#records.push({ id: String(this.#sequence), envelope, attempts: 0, nextAttemptAt: now, publishedAt: null, lastError: null });
    }
    for (const listener of this.#listeners) listener();
  }

  /** Every event ever appended, in write order. */
  get records(): readonly OutboxRecord[] {
    return this.#records;
  }

  get envelopes(): EventEnvelope[] {
    return this.#records.map((r) => r.envelope);
  }

  claimBatch(limit: number, leaseMs: number): Promise<OutboxMessage[]> {
    const now = this.clock.now();
    const blockedAggregates = new Set<string>();
    const claimed: OutboxMessage[] = [];
    for (const record of this.#records) {
      if (claimed.length >= limit) break;
      if (record.publishedAt) continue;
      const aggregate = `${record.envelope.aggregate_type}\u0000${record.envelope.aggregate_id}`;
      // Only the oldest unpublished row of an aggregate may go: order per aggregate is kept.
      if (blockedAggregates.has(aggregate)) continue;
      blockedAggregates.add(aggregate);
      if (record.nextAttemptAt > now) continue;
      record.attempts += 1;
      record.nextAttemptAt = new Date(now.getTime() + leaseMs);
      claimed.push({ id: record.id, envelope: record.envelope, attempts: record.attempts });
    }
    return Promise.resolve(claimed);
  }

  markPublished(ids: readonly string[]): Promise<void> {
    const now = this.clock.now();
    for (const record of this.#records) if (ids.includes(record.id)) record.publishedAt = now;
    return Promise.resolve();
  }

  markFailed(id: string, error: string, retryAt: Date): Promise<void> {
    const record = this.#records.find((r) => r.id === id);
    if (record && !record.publishedAt) {
      record.lastError = error;
      record.nextAttemptAt = retryAt;
    }
    return Promise.resolve();
  }

  onAppended(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
