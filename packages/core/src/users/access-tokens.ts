import type { Role } from '../kernel/principal.js';

export interface AccessToken {
  readonly accessToken: string;
  readonly tokenType: 'Bearer';
  /** Seconds until the token expires. */
  readonly expiresIn: number;
}

/** What an access token says about its holder. */
export interface AccessTokenSubject {
  readonly userId: string;
  readonly role: Role;
  /**
   * The user's session version when the token was issued; the token is refused once the user's
   * current version is higher (password or role changed, signed out everywhere).
   */
  readonly sessionVersion: number;
  /** The sign-in session (refresh-token family) the token was issued for. */
  readonly sessionId: string;
}

/** Port: issues access tokens for an authenticated user (signed JWTs in production). */
export interface TokenIssuer {
  issue(subject: AccessTokenSubject): Promise<AccessToken>;
}

/**
 * Port: turns a presented access token back into the subject it was issued to, or null when it is
 * not valid (forged, expired, malformed). Whether the session is still current is the core's
 * question (`AuthenticateAccessToken`), not the verifier's.
 */
export interface AccessTokenVerifier {
  verify(token: string): Promise<AccessTokenSubject | null>;
}
