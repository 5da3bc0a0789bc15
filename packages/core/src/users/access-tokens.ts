import type { Principal, Role } from '../kernel/principal.js';

export interface AccessToken {
  readonly accessToken: string;
  readonly tokenType: 'Bearer';
  /** Seconds until the token expires. */
  readonly expiresIn: number;
}

/** Port: issues access tokens for an authenticated user (signed JWTs in production). */
export interface TokenIssuer {
  issue(subject: { readonly userId: string; readonly role: Role }): Promise<AccessToken>;
}

/** Port: turns a presented access token back into the principal it was issued to, or null when it is not valid. */
export interface AccessTokenVerifier {
  verify(token: string): Promise<Principal | null>;
}
