import type { Db } from '../pg-database.js';
import { insertInto, statement, updateAtVersion, valuesOf } from '../sql.js';
import { PASSWORD_RESET_COLUMNS, type PasswordResetRow } from './password-reset-row.js';

const COLUMNS = PASSWORD_RESET_COLUMNS.join(', ');
const INSERT = statement('password-resets.insert', insertInto('password_resets', PASSWORD_RESET_COLUMNS));
const BY_ID = statement('password-resets.by-id', `SELECT ${COLUMNS} FROM password_resets WHERE id = $1`);
const BY_DIGEST = statement('password-resets.by-digest', `SELECT ${COLUMNS} FROM password_resets WHERE token_digest = $1`);
const UPDATE = statement('password-resets.update-at-version', updateAtVersion('password_resets', PASSWORD_RESET_COLUMNS));
const DISCARD_PENDING = statement(
  'password-resets.discard-pending',
  'UPDATE password_resets SET used_at = $2, version = version + 1 WHERE user_id = $1 AND used_at IS NULL',
);
const DELETE_EXPIRED = statement(
  'password-resets.delete-expired',
  `DELETE FROM password_resets WHERE ctid = ANY(ARRAY(
     SELECT ctid FROM password_resets WHERE expires_at < $1 ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED))`,
);

export async function insertPasswordReset(db: Db, row: PasswordResetRow): Promise<void> {
  await db.count(INSERT, valuesOf(row, PASSWORD_RESET_COLUMNS));
}

export async function selectPasswordResetById(db: Db, id: string): Promise<PasswordResetRow | undefined> {
  return (await db.rows<PasswordResetRow>(BY_ID, [id]))[0];
}

export async function selectPasswordResetByDigest(db: Db, digest: string): Promise<PasswordResetRow | undefined> {
  return (await db.rows<PasswordResetRow>(BY_DIGEST, [digest]))[0];
}

/** Writes `row` (carrying the new version) only if the stored version is still `expectedVersion`; returns rows written. */
export function updatePasswordResetAtVersion(db: Db, row: PasswordResetRow, expectedVersion: number): Promise<number> {
  return db.count(UPDATE, [...valuesOf(row, PASSWORD_RESET_COLUMNS), expectedVersion]);
}

export async function discardPendingPasswordResets(db: Db, userId: string, at: Date): Promise<void> {
  await db.count(DISCARD_PENDING, [userId, at]);
}

export function deleteExpiredPasswordResets(db: Db, before: Date, limit: number): Promise<number> {
  return db.count(DELETE_EXPIRED, [before, limit]);
}
