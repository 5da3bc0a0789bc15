import type { RefreshToken } from './refresh-token.js';

/**
 * Port: refresh tokens (by digest), bound to one transaction. Revocations and the used mark are
 * guarded writes, so two requests racing with one token cannot both rotate it.
 */
export interface RefreshTokenStore {
  add(token: RefreshToken): Promise<void>;
  findByDigest(digest: string): Promise<RefreshToken | null>;
  /** Marks the token used if it is neither used nor revoked yet; false when it already was (another request won). */
  markUsed(id: string, at: Date): Promise<boolean>;
  /** Revokes every token of the family not revoked yet. */
  revokeFamily(familyId: string, at: Date): Promise<void>;
  /** Revokes every token of the user not revoked yet, except those of `exceptFamilyId`. */
  revokeAllOf(userId: string, at: Date, exceptFamilyId?: string): Promise<void>;
}
