import type { Role } from '../kernel/principal.js';

export interface AccessToken {
  readonly accessToken: string;
  readonly tokenType: 'Bearer';
  /** Seconds until the token expires. */
  readonly expiresIn: number;
}

/** Port: issues access tokens for an authenticated user (JWT in the HTTP adapter). */
export interface TokenIssuer {
  issue(subject: { readonly userId: string; readonly role: Role }): Promise<AccessToken>;
}
