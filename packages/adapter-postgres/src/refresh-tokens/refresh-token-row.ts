import type { RefreshToken } from '@hexabill/core';
import { columnsOf } from '../sql.js';

export interface RefreshTokenRow {
  id: string;
  family_id: string;
  user_id: string;
  token_digest: string;
  created_at: Date;
  expires_at: Date;
  family_expires_at: Date;
  used_at: Date | null;
  revoked_at: Date | null;
}

export const REFRESH_TOKEN_COLUMNS = columnsOf<RefreshTokenRow>()([
  'id',
  'family_id',
  'user_id',
  'token_digest',
  'created_at',
  'expires_at',
  'family_expires_at',
  'used_at',
  'revoked_at',
]);

export function toRefreshTokenRow(t: RefreshToken): RefreshTokenRow {
  return {
    id: t.id,
    family_id: t.familyId,
    user_id: t.userId,
    token_digest: t.digest,
    created_at: t.createdAt,
    expires_at: t.expiresAt,
    family_expires_at: t.familyExpiresAt,
    used_at: t.usedAt,
    revoked_at: t.revokedAt,
  };
}

export function fromRefreshTokenRow(row: RefreshTokenRow): RefreshToken {
  return {
    id: row.id,
    familyId: row.family_id,
    userId: row.user_id,
    digest: row.token_digest,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    familyExpiresAt: row.family_expires_at,
    usedAt: row.used_at,
    revokedAt: row.revoked_at,
  };
}
