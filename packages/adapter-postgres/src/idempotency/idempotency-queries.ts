import type { Db } from '../pg-database.js';
import { statement } from '../sql.js';

/** One statement per function, named for what it does. */

export interface IdempotencyRow {
  scope: string;
  key: string;
  request_fingerprint: string;
  state: 'in_progress' | 'completed';
  result: unknown;
  created_at: Date;
  expires_at: Date;
}

const TRY_LOCK = statement('idempotency.try-lock', 'SELECT pg_try_advisory_xact_lock(hashtext($1), hashtext($2)) AS locked');
const LIVE = statement('idempotency.live', 'SELECT * FROM idempotency_keys WHERE scope = $1 AND key = $2 AND expires_at > now()');
/** Inserts the key, or takes over an expired row with the same scope and key. */
const START = statement(
  'idempotency.start',
  `INSERT INTO idempotency_keys (scope, key, request_fingerprint, state, result, created_at, expires_at)
   VALUES ($1, $2, $3, 'in_progress', NULL, now(), $4)
   ON CONFLICT (scope, key) DO UPDATE SET request_fingerprint = EXCLUDED.request_fingerprint, state = EXCLUDED.state,
     result = NULL, created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at`,
);
const COMPLETE = statement(
  'idempotency.complete',
  "UPDATE idempotency_keys SET state = 'completed', result = $3 WHERE scope = $1 AND key = $2",
);
const DELETE_EXPIRED = statement('idempotency.delete-expired', 'DELETE FROM idempotency_keys WHERE expires_at <= $1');

/** A transaction-scoped lock per key: while it is held, another request with the key is "in progress". */
export async function tryLockIdempotencyKey(db: Db, scope: string, key: string): Promise<boolean> {
  const [row] = await db.rows<{ locked: boolean }>(TRY_LOCK, [scope, key]);
  return row?.locked === true;
}

export async function selectLiveIdempotencyKey(db: Db, scope: string, key: string): Promise<IdempotencyRow | undefined> {
  return (await db.rows<IdempotencyRow>(LIVE, [scope, key]))[0];
}

export async function startIdempotencyKey(db: Db, scope: string, key: string, fingerprint: string, expiresAt: Date): Promise<void> {
  await db.count(START, [scope, key, fingerprint, expiresAt]);
}

export async function completeIdempotencyKey(db: Db, scope: string, key: string, result: unknown): Promise<void> {
  await db.count(COMPLETE, [scope, key, JSON.stringify(result)]);
}

export function deleteExpiredIdempotencyKeys(db: Db, now: Date): Promise<number> {
  return db.count(DELETE_EXPIRED, [now]);
}
