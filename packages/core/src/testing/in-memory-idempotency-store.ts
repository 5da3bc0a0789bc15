import type { Clock } from '../shared/clock.js';
import type {
  IdempotencyBegin,
  IdempotencyKey,
  IdempotencyKeyCleaner,
  IdempotencyRecord,
  IdempotencyStore,
  StoredResponse,
} from '../shared/idempotency.js';
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
      if (existing.state === 'completed' && existing.response) {
        return Promise.resolve({ outcome: 'replay', response: existing.response });
      }
      return Promise.resolve({ outcome: 'in_progress' });
    }
    this.tables.idempotency.set(keyOf(key.scope, key.key), {
      scope: key.scope,
      key: key.key,
      fingerprint: key.fingerprint,
      state: 'in_progress',
      response: null,
      createdAt: this.clock.now(),
      expiresAt,
    });
    return Promise.resolve({ outcome: 'started' });
  }

  complete(key: IdempotencyKey, response: StoredResponse): Promise<void> {
    const id = keyOf(key.scope, key.key);
    const existing = this.tables.idempotency.get(id);
    if (existing) this.tables.idempotency.set(id, { ...existing, state: 'completed', response });
    return Promise.resolve();
  }

  find(scope: string, key: string): Promise<IdempotencyRecord | null> {
    return Promise.resolve(this.tables.idempotency.get(keyOf(scope, key)) ?? null);
  }
}

export class InMemoryIdempotencyKeyCleaner implements IdempotencyKeyCleaner {
  constructor(private readonly database: InMemoryDatabase) {}

  deleteExpired(now: Date): Promise<number> {
    const draft = this.database.fork();
    let deleted = 0;
    for (const [id, record] of draft.idempotency) {
      if (record.expiresAt <= now) {
        draft.idempotency.delete(id);
        deleted += 1;
      }
    }
    this.database.commit(draft);
    return Promise.resolve(deleted);
  }
}
