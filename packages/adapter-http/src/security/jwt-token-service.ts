import { isUuid, Principals, ROLES, type AccessToken, type Principal, type Role, type TokenIssuer } from '@hexabill/core';
import { sign, verify } from 'hono/jwt';
import type { AccessTokenVerifier } from '../middleware/authenticate.js';

export interface JwtSettings {
  /** HS256 key; at least 32 characters. */
  readonly secret: string;
  readonly issuer: string;
  readonly audience: string;
  readonly ttlSeconds: number;
  /** Seconds since the epoch; injectable for tests. */
  readonly now?: () => number;
}

export const MIN_JWT_SECRET_LENGTH = 32;

/**
 * Issues and verifies HS256 access tokens. Verification pins the algorithm (so `alg: none` and
 * algorithm swaps fail) and checks signature, `exp`, `nbf`, `iss` and `aud`; the subject must be a
 * user id and the role one we know.
 */
export class JwtTokenService implements TokenIssuer, AccessTokenVerifier {
  readonly #now: () => number;

  constructor(private readonly settings: JwtSettings) {
    if (settings.secret.length < MIN_JWT_SECRET_LENGTH) {
      throw new Error(`The JWT secret must be at least ${MIN_JWT_SECRET_LENGTH} characters long.`);
    }
    this.#now = settings.now ?? (() => Math.floor(Date.now() / 1000));
  }

  async issue(subject: { readonly userId: string; readonly role: Role }): Promise<AccessToken> {
    const iat = this.#now();
    const accessToken = await sign(
      {
        sub: subject.userId,
        role: subject.role,
        iss: this.settings.issuer,
        aud: this.settings.audience,
        iat,
        nbf: iat,
        exp: iat + this.settings.ttlSeconds,
      },
      this.settings.secret,
      'HS256',
    );
    return { accessToken, tokenType: 'Bearer', expiresIn: this.settings.ttlSeconds };
  }

  async verify(token: string): Promise<Principal | null> {
    try {
      const payload = await verify(token, this.settings.secret, {
        alg: 'HS256',
        iss: this.settings.issuer,
        aud: this.settings.audience,
      });
      const { sub, role, exp } = payload;
      if (typeof exp !== 'number') return null;
      if (typeof sub !== 'string' || !isUuid(sub)) return null;
      if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) return null;
      return Principals.user(sub, role as Role);
    } catch {
      return null;
    }
  }
}
