import type { Clock } from '../kernel/clock.js';
import type { Sweeper } from '../kernel/housekeeping.js';
import type { IdempotencyBegin, IdempotencyKey, IdempotencyRecord, IdempotencyStore } from '../kernel/idempotency.js';
import type { InMemoryDatabase, Tables } from './in-memory-database.js';

const keyOf = (scope: string, key: string): string => `${scope}\u0000${key}`;

/**
 * Idempotency keys in the fakes' tables. The in-memory unit of work runs one transaction at a
 * time, so `in_progress` is never observed here; the PostgreSQL store reports it.
 */
export class InMemoryIdempotencyStore implements IdempotencyStore {
  constructor(
    private readonly tables: Tables,
    private readonly clock: Clock,
  ) {}

  begin(key: IdempotencyKey, expiresAt: Date): Promise<IdempotencyBegin> {
    const existing = this.tables.idempotency.get(keyOf(key.scope, key.key));
    if (existing && existing.expiresAt > this.clock.now()) {
      if (existing.fingerprint !== key.fingerprint) return Promise.resolve({ outcome: 'mismatch' });
      if (existing.state === 'completed') return Promise.resolve({ outcome: 'replay', result: existing.result });
      return Promise.resolve({ outcome: 'in_progress' });
    }
    this.tables.idempotency.set(keyOf(key.scope, key.key), {
      ...key,
      state: 'in_progress',
      result: null,
      createdAt: this.clock.now(),
      expiresAt,
    });
    return Promise.resolve({ outcome: 'started' });
  }

  complete(key: IdempotencyKey, result: unknown): Promise<void> {
    const id = keyOf(key.scope, key.key);
    const existing = this.tables.idempotency.get(id);
    if (existing) this.tables.idempotency.set(id, { ...existing, state: 'completed', result });
    return Promise.resolve();
  }

  find(scope: string, key: string): Promise<IdempotencyRecord | null> {
    return Promise.resolve(this.tables.idempotency.get(keyOf(scope, key)) ?? null);
  }
}

/** Deletes keys that expired, as the PostgreSQL sweeper does. */
export class InMemoryIdempotencyKeySweeper implements Sweeper {
  readonly name = 'idempotency_keys';

  constructor(private readonly database: InMemoryDatabase) {}

  sweep(now: Date): Promise<number> {
    const draft = this.database.fork();
    const expired = draft.idempotency.entries().filter(([, record]) => record.expiresAt <= now);
    for (const [id] of expired) draft.idempotency.delete(id);
    this.database.commit(draft);
    return Promise.resolve(expired.length);
  }
}
