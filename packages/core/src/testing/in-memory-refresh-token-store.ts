import type { RefreshToken } from '../users/refresh-token.js';
import type { RefreshTokenStore } from '../users/refresh-token-store.js';
import type { Tables } from './in-memory-database.js';

/** Refresh tokens in the fakes' tables, with the PostgreSQL store's guarded writes. */
export class InMemoryRefreshTokenStore implements RefreshTokenStore {
  constructor(private readonly tables: Tables) {}

  add(token: RefreshToken): Promise<void> {
    if (this.tables.refreshTokens.values().some((t) => t.digest === token.digest)) {
      return Promise.reject(new Error('duplicate refresh token digest'));
    }
    this.tables.refreshTokens.set(token.id, token);
    return Promise.resolve();
  }

  findByDigest(digest: string): Promise<RefreshToken | null> {
    return Promise.resolve(this.tables.refreshTokens.values().find((t) => t.digest === digest) ?? null);
  }

  markUsed(id: string, at: Date): Promise<boolean> {
    const token = this.tables.refreshTokens.get(id);
    if (!token || token.usedAt || token.revokedAt) return Promise.resolve(false);
    this.tables.refreshTokens.set(id, { ...token, usedAt: at });
    return Promise.resolve(true);
  }

  revokeFamily(familyId: string, at: Date): Promise<void> {
    return this.revokeWhere((t) => t.familyId === familyId, at);
  }

  revokeAllOf(userId: string, at: Date, exceptFamilyId?: string): Promise<void> {
    return this.revokeWhere((t) => t.userId === userId && t.familyId !== exceptFamilyId, at);
  }

  private revokeWhere(match: (token: RefreshToken) => boolean, at: Date): Promise<void> {
    for (const [id, token] of this.tables.refreshTokens) {
      if (match(token) && !token.revokedAt) this.tables.refreshTokens.set(id, { ...token, revokedAt: at });
    }
    return Promise.resolve();
  }
}
