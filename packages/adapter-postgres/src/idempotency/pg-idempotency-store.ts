import type { IdempotencyBegin, IdempotencyKey, IdempotencyRecord, IdempotencyStore, Sweeper } from '@hexabill/core';
import type { Db } from '../pg-database.js';
import {
  completeIdempotencyKey,
  deleteExpiredIdempotencyKeys,
  selectLiveIdempotencyKey,
  startIdempotencyKey,
  tryLockIdempotencyKey,
  type IdempotencyRow,
} from './idempotency-queries.js';

function toRecord(row: IdempotencyRow): IdempotencyRecord {
  return {
    scope: row.scope,
    key: row.key,
    fingerprint: row.request_fingerprint,
    state: row.state,
    result: row.result,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  };
}

/**
 * Idempotency keys inside the request's own transaction: the key's row and the effect commit
 * together, so a crash can never leave an effect without its key, or a key without its effect.
 */
export class PgIdempotencyStore implements IdempotencyStore {
  constructor(private readonly db: Db) {}

  async begin(key: IdempotencyKey, expiresAt: Date): Promise<IdempotencyBegin> {
    if (!(await tryLockIdempotencyKey(this.db, key.scope, key.key))) return { outcome: 'in_progress' };
    const existing = await selectLiveIdempotencyKey(this.db, key.scope, key.key);
    if (existing) {
      if (existing.request_fingerprint !== key.fingerprint) return { outcome: 'mismatch' };
      return existing.state === 'completed' ? { outcome: 'replay', result: existing.result } : { outcome: 'in_progress' };
    }
    await startIdempotencyKey(this.db, key.scope, key.key, key.fingerprint, expiresAt);
    return { outcome: 'started' };
  }

  async complete(key: IdempotencyKey, result: unknown): Promise<void> {
    await completeIdempotencyKey(this.db, key.scope, key.key, result);
  }

  async find(scope: string, key: string): Promise<IdempotencyRecord | null> {
    const row = await selectLiveIdempotencyKey(this.db, scope, key);
    return row ? toRecord(row) : null;
  }
}

/** Deletes expired keys (housekeeping, outside any request). */
export class PgIdempotencyKeySweeper implements Sweeper {
  readonly name = 'idempotency_keys';

  constructor(private readonly db: Db) {}

  sweep(now: Date): Promise<number> {
    return deleteExpiredIdempotencyKeys(this.db, now);
  }
}
