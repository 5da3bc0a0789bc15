import type {
  IdempotencyBegin,
  IdempotencyKey,
  IdempotencyKeyCleaner,
  IdempotencyRecord,
  IdempotencyStore,
  StoredResponse,
} from '@hexabill/core';
import type { Knex } from 'knex';
import {
  completeIdempotencyKey,
  deleteExpiredIdempotencyKeys,
  selectLiveIdempotencyKey,
  tryLockIdempotencyKey,
  upsertStartedIdempotencyKey,
  type IdempotencyRow,
} from './idempotency-queries.js';

function toRecord(row: IdempotencyRow): IdempotencyRecord {
  return {
    scope: row.scope,
    key: row.key,
    fingerprint: row.request_fingerprint,
    state: row.state,
    response: row.response_status === null ? null : { status: row.response_status, body: row.response_body },
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  };
}

/**
 * Idempotency keys inside the request's own transaction: the key's row and the effect commit
 * together, so a crash can never leave an effect without its key, or a key without its effect.
 */
export class KnexIdempotencyStore implements IdempotencyStore {
  constructor(private readonly trx: Knex) {}

  async begin(key: IdempotencyKey, expiresAt: Date): Promise<IdempotencyBegin> {
    if (!(await tryLockIdempotencyKey(this.trx, key.scope, key.key))) return { outcome: 'in_progress' };

    const existing = await selectLiveIdempotencyKey(this.trx, key.scope, key.key);
    if (existing) {
      if (existing.request_fingerprint !== key.fingerprint) return { outcome: 'mismatch' };
      if (existing.state === 'completed' && existing.response_status !== null) {
        return { outcome: 'replay', response: { status: existing.response_status, body: existing.response_body } };
      }
      return { outcome: 'in_progress' };
    }
    await upsertStartedIdempotencyKey(this.trx, {
      scope: key.scope,
      key: key.key,
      request_fingerprint: key.fingerprint,
      expires_at: expiresAt,
    });
    return { outcome: 'started' };
  }

  async complete(key: IdempotencyKey, response: StoredResponse): Promise<void> {
    await completeIdempotencyKey(this.trx, key.scope, key.key, response.status, response.body);
  }

  async find(scope: string, key: string): Promise<IdempotencyRecord | null> {
    const row = await selectLiveIdempotencyKey(this.trx, scope, key);
    return row ? toRecord(row) : null;
  }
}

export class KnexIdempotencyKeyCleaner implements IdempotencyKeyCleaner {
  constructor(private readonly knex: Knex) {}

  async deleteExpired(now: Date): Promise<number> {
    return deleteExpiredIdempotencyKeys(this.knex, now);
  }
}
