import type { PasswordResetSnapshot } from '@hexabill/core';
import { columnsOf } from '../sql.js';

export interface PasswordResetRow {
  id: string;
  user_id: string | null;
  token_digest: string | null;
  requested_at: Date;
  expires_at: Date;
  used_at: Date | null;
  version: number;
}

export const PASSWORD_RESET_COLUMNS = columnsOf<PasswordResetRow>()([
  'id',
  'user_id',
  'token_digest',
  'requested_at',
  'expires_at',
  'used_at',
  'version',
]);

export function toPasswordResetRow(s: PasswordResetSnapshot): PasswordResetRow {
  return {
    id: s.id,
    user_id: s.userId,
    token_digest: s.tokenDigest,
    requested_at: s.requestedAt,
    expires_at: s.expiresAt,
    used_at: s.usedAt,
    version: s.version,
  };
}

export function fromPasswordResetRow(row: PasswordResetRow): PasswordResetSnapshot {
  return {
    id: row.id,
    userId: row.user_id,
    tokenDigest: row.token_digest,
    requestedAt: row.requested_at,
    expiresAt: row.expires_at,
    usedAt: row.used_at,
    version: row.version,
  };
}
