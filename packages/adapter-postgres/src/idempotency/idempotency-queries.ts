import type { Knex } from 'knex';

/** One function per SQL statement, named for what it does. */

export const IDEMPOTENCY_KEYS = 'idempotency_keys';

export interface IdempotencyRow {
  scope: string;
  key: string;
  request_fingerprint: string;
  state: 'in_progress' | 'completed';
  response_status: number | null;
  response_body: unknown;
  created_at: Date;
  expires_at: Date;
}

/** A transaction-scoped lock per key: while it is held, another request with the key is "in progress". */
export async function tryLockIdempotencyKey(db: Knex, scope: string, key: string): Promise<boolean> {
  const { rows } = await db.raw<{ rows: { locked: boolean }[] }>('SELECT pg_try_advisory_xact_lock(hashtext(?), hashtext(?)) AS locked', [
    scope,
    key,
  ]);
  return rows[0]?.locked === true;
}

export async function selectLiveIdempotencyKey(db: Knex, scope: string, key: string): Promise<IdempotencyRow | undefined> {
  return db<IdempotencyRow>(IDEMPOTENCY_KEYS).where({ scope, key }).where('expires_at', '>', db.fn.now()).first();
}

/** Inserts the key, or takes over an expired row with the same scope and key. */
export async function upsertStartedIdempotencyKey(
  db: Knex,
  row: Pick<IdempotencyRow, 'scope' | 'key' | 'request_fingerprint' | 'expires_at'>,
): Promise<void> {
  await db(IDEMPOTENCY_KEYS)
    .insert({ ...row, state: 'in_progress', response_status: null, response_body: null, created_at: db.fn.now() })
    .onConflict(['scope', 'key'])
    .merge(['request_fingerprint', 'state', 'response_status', 'response_body', 'created_at', 'expires_at']);
}

export async function completeIdempotencyKey(db: Knex, scope: string, key: string, status: number, body: unknown): Promise<void> {
  await db(IDEMPOTENCY_KEYS)
    .where({ scope, key })
    .update({ state: 'completed', response_status: status, response_body: JSON.stringify(body) });
}

export async function deleteExpiredIdempotencyKeys(db: Knex, now: Date): Promise<number> {
  return db(IDEMPOTENCY_KEYS).where('expires_at', '<=', now).delete();
}
