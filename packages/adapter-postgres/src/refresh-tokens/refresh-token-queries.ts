import type { Db } from '../pg-database.js';
import { insertInto, statement, valuesOf } from '../sql.js';
import { REFRESH_TOKEN_COLUMNS, type RefreshTokenRow } from './refresh-token-row.js';

const COLUMNS = REFRESH_TOKEN_COLUMNS.join(', ');
const INSERT = statement('refresh-tokens.insert', insertInto('refresh_tokens', REFRESH_TOKEN_COLUMNS));
const BY_DIGEST = statement('refresh-tokens.by-digest', `SELECT ${COLUMNS} FROM refresh_tokens WHERE token_digest = $1`);
/** Guarded: of two transactions spending one token, the second waits for the first, then matches nothing. */
const MARK_USED = statement(
  'refresh-tokens.mark-used',
  'UPDATE refresh_tokens SET used_at = $2 WHERE id = $1 AND used_at IS NULL AND revoked_at IS NULL',
);
const REVOKE_FAMILY = statement(
  'refresh-tokens.revoke-family',
  'UPDATE refresh_tokens SET revoked_at = $2 WHERE family_id = $1 AND revoked_at IS NULL',
);
/** `$3` may be null: then no family is spared. */
const REVOKE_ALL_OF_USER = statement(
  'refresh-tokens.revoke-all-of-user',
  'UPDATE refresh_tokens SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL AND family_id IS DISTINCT FROM $3::uuid',
);
/** Tokens of sessions that ended (by lifetime) before `$1`: nothing can present them any more. */
const DELETE_ENDED = statement(
  'refresh-tokens.delete-ended',
  `DELETE FROM refresh_tokens WHERE ctid = ANY(ARRAY(
     SELECT ctid FROM refresh_tokens WHERE family_expires_at < $1 ORDER BY family_expires_at LIMIT $2 FOR UPDATE SKIP LOCKED))`,
);

export async function insertRefreshToken(db: Db, row: RefreshTokenRow): Promise<void> {
  await db.count(INSERT, valuesOf(row, REFRESH_TOKEN_COLUMNS));
}

export async function selectRefreshTokenByDigest(db: Db, digest: string): Promise<RefreshTokenRow | undefined> {
  return (await db.rows<RefreshTokenRow>(BY_DIGEST, [digest]))[0];
}

export async function markRefreshTokenUsed(db: Db, id: string, at: Date): Promise<boolean> {
  return (await db.count(MARK_USED, [id, at])) > 0;
}

export async function revokeRefreshTokenFamily(db: Db, familyId: string, at: Date): Promise<void> {
  await db.count(REVOKE_FAMILY, [familyId, at]);
}

export async function revokeRefreshTokensOfUser(db: Db, userId: string, at: Date, exceptFamilyId: string | null): Promise<void> {
  await db.count(REVOKE_ALL_OF_USER, [userId, at, exceptFamilyId]);
}

export function deleteEndedRefreshTokens(db: Db, before: Date, limit: number): Promise<number> {
  return db.count(DELETE_ENDED, [before, limit]);
}
