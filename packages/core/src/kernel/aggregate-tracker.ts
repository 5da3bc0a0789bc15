import type { AggregateRoot } from './aggregate-root.js';
import type { Clock } from './clock.js';
import { envelopeOf, type EventEnvelope } from './domain-event.js';
import type { EventGroup } from './event-declaration.js';
import type { IdGenerator } from './ids.js';
import type { Result } from './result.js';

type Aggregate = AggregateRoot<EventGroup>;

export interface EnvelopeContext {
  /** Copied into every envelope; a new id is made when absent. */
  readonly correlationId?: string;
  readonly causationId?: string | null;
}

/**
 * Remembers the aggregates a transaction wrote, and turns their recorded events into envelopes at
 * commit. Repositories never see it: `trackWrites` wraps their write methods once per transaction.
 */
export class AggregateTracker {
  readonly #seen = new Set<Aggregate>();

  track(aggregate: Aggregate): void {
    this.#seen.add(aggregate);
  }

  /** Pulls the events of every tracked aggregate, in the order they were recorded per aggregate. */
  collect(ids: IdGenerator, clock: Clock, context: EnvelopeContext = {}): EventEnvelope[] {
    if (this.#seen.size === 0) return [];
    const occurredAt = clock.now();
    const correlationId = context.correlationId ?? ids.next();
    const causationId = context.causationId ?? null;
    const envelopes: EventEnvelope[] = [];
    for (const aggregate of this.#seen) {
      for (const event of aggregate.pullEvents()) {
        envelopes.push(envelopeOf(event, { eventId: ids.next(), occurredAt, correlationId, causationId }));
      }
    }
    this.#seen.clear();
    return envelopes;
  }
}

/** A write answers a `Result` when it can refuse (a taken e-mail, a stale version), nothing when it cannot. */
type AggregateWrite = (aggregate: Aggregate) => Promise<unknown>;
type WriteMethods<R> = {
  [K in keyof R]: R[K] extends (aggregate: infer A) => Promise<unknown> ? (A extends Aggregate ? K : never) : never;
}[keyof R];

const refused = (outcome: unknown): boolean =>
  typeof outcome === 'object' && outcome !== null && (outcome as Result<unknown, unknown>).isErr();

/**
 * The repository with each named write method tracking its aggregate once the write succeeded (it
 * returned, and not an `Err`), so the aggregate's events reach the outbox on commit. Done here, once,
 * instead of in every adapter.
 */
export function trackWrites<R extends object>(repository: R, tracker: AggregateTracker, writes: readonly WriteMethods<R>[]): R {
  const wrapped = Object.create(repository) as Record<PropertyKey, unknown>;
  for (const name of writes) {
    const write = (repository as Record<PropertyKey, AggregateWrite>)[name as PropertyKey];
    if (!write) throw new Error(`repository has no method ${String(name)}`);
    wrapped[name as PropertyKey] = async (aggregate: Aggregate) => {
      const result = await write.call(repository, aggregate);
      if (!refused(result)) tracker.track(aggregate);
      return result;
    };
  }
  return wrapped as R;
}
