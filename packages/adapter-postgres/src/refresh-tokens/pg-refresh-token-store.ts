import type { RefreshToken, RefreshTokenStore } from '@hexabill/core';
import type { Db } from '../pg-database.js';
import {
  insertRefreshToken,
  markRefreshTokenUsed,
  revokeRefreshTokenFamily,
  revokeRefreshTokensOfUser,
  selectRefreshTokenByDigest,
} from './refresh-token-queries.js';
import { fromRefreshTokenRow, toRefreshTokenRow } from './refresh-token-row.js';

/** Refresh tokens by the SHA-256 of the token (a unique index), in the caller's transaction. */
export class PgRefreshTokenStore implements RefreshTokenStore {
  constructor(private readonly db: Db) {}

  async add(token: RefreshToken): Promise<void> {
    await insertRefreshToken(this.db, toRefreshTokenRow(token));
  }

  async findByDigest(digest: string): Promise<RefreshToken | null> {
    const row = await selectRefreshTokenByDigest(this.db, digest);
    return row ? fromRefreshTokenRow(row) : null;
  }

  markUsed(id: string, at: Date): Promise<boolean> {
    return markRefreshTokenUsed(this.db, id, at);
  }

  revokeFamily(familyId: string, at: Date): Promise<void> {
    return revokeRefreshTokenFamily(this.db, familyId, at);
  }

  revokeAllOf(userId: string, at: Date, exceptFamilyId?: string): Promise<void> {
    return revokeRefreshTokensOfUser(this.db, userId, at, exceptFamilyId ?? null);
  }
}
