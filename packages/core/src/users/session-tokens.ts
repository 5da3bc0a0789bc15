import type { IdGenerator } from '../kernel/ids.js';
import type { AccessToken, TokenIssuer } from './access-tokens.js';
import type { OpaqueTokens } from './opaque-tokens.js';
import { nextRefreshToken, type SessionLimits } from './refresh-token.js';
import type { RefreshTokenStore } from './refresh-token-store.js';
import type { User } from './user.js';

/** What a sign-in or a refresh answers: an access token and the refresh token that renews it. */
export interface SessionTokens extends AccessToken {
  /** Opaque; shown once, stored only as a digest. */
  readonly refreshToken: string;
}

export interface SessionTokenDependencies {
  readonly tokens: TokenIssuer;
  readonly opaqueTokens: OpaqueTokens;
  readonly ids: IdGenerator;
  readonly sessionLimits: SessionLimits;
}

/**
 * Issues the next pair of a session — or of a new one, without `family` — and stores the refresh
 * token's digest through `store` (so in the caller's transaction). The access token carries the
 * user's current role and session version, and the session it belongs to.
 */
export async function issueSessionTokens(
  deps: SessionTokenDependencies,
  store: RefreshTokenStore,
  user: User,
  now: Date,
  family?: { readonly id: string; readonly expiresAt: Date },
): Promise<SessionTokens> {
  const secret = await deps.opaqueTokens.issue();
  const refresh = nextRefreshToken({
    id: deps.ids.next(),
    userId: user.id,
    digest: secret.digest,
    now,
    limits: deps.sessionLimits,
    ...(family ? { family } : {}),
  });
  await store.add(refresh);
  const access = await deps.tokens.issue({
    userId: user.id,
    role: user.role,
    sessionVersion: user.sessionVersion,
    sessionId: refresh.familyId,
  });
  return { ...access, refreshToken: secret.token };
}
