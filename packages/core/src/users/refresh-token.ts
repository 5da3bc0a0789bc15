/**
 * A refresh token as stored: its digest, never the token. Every token rotated from one sign-in
 * shares a family (the session): a token presented after it was used reveals that someone else
 * holds the family, so the whole family is revoked (OAuth 2.0 Security BCP, RFC 9700 §4.14).
 */
export interface RefreshToken {
  readonly id: string;
  /** The session: the first token's family id, inherited by every token rotated from it. */
  readonly familyId: string;
  readonly userId: string;
  readonly digest: string;
  readonly createdAt: Date;
  /** The earlier of the idle deadline (created + idle timeout) and the family's. */
  readonly expiresAt: Date;
  /** The session's absolute end (its first token's creation + maximum lifetime). */
  readonly familyExpiresAt: Date;
  /** When it was exchanged for the next token of its family. */
  readonly usedAt: Date | null;
  readonly revokedAt: Date | null;
}

/** How long a session may last in all, and how long it may sit unused. */
export interface SessionLimits {
  readonly maxLifetimeSeconds: number;
  readonly idleTimeoutSeconds: number;
}

export const DEFAULT_SESSION_LIMITS: SessionLimits = { maxLifetimeSeconds: 30 * 24 * 3600, idleTimeoutSeconds: 7 * 24 * 3600 };

export type RefreshTokenState = 'active' | 'used' | 'revoked' | 'expired';

export function refreshTokenState(token: RefreshToken, now: Date): RefreshTokenState {
  if (token.revokedAt) return 'revoked';
  if (token.usedAt) return 'used';
  return now < token.expiresAt ? 'active' : 'expired';
}

/** The next token of a family (or the first, without `family`), expiring at the earlier of its deadlines. */
export function nextRefreshToken(props: {
  readonly id: string;
  readonly userId: string;
  readonly digest: string;
  readonly now: Date;
  readonly limits: SessionLimits;
  readonly family?: { readonly id: string; readonly expiresAt: Date };
}): RefreshToken {
  const { id, userId, digest, now, limits, family } = props;
  const familyExpiresAt = family?.expiresAt ?? new Date(now.getTime() + limits.maxLifetimeSeconds * 1000);
  const idleExpiresAt = new Date(now.getTime() + limits.idleTimeoutSeconds * 1000);
  return {
    id,
    familyId: family?.id ?? id,
    userId,
    digest,
    createdAt: now,
    expiresAt: idleExpiresAt < familyExpiresAt ? idleExpiresAt : familyExpiresAt,
    familyExpiresAt,
    usedAt: null,
    revokedAt: null,
  };
}
