import { isUuid } from '../kernel/ids.js';
import { Principals, ROLES, type Principal, type Role } from '../kernel/principal.js';
import type { AccessToken, AccessTokenVerifier, TokenIssuer } from '../users/access-tokens.js';

const PREFIX = 'fake-token';

/** FNV-1a: not a signature, but enough for a test to notice a token edited after issue. */
function checksum(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash.toString(16);
}

/** Readable tokens (`fake-token.<user id>.<role>.<checksum>`) for tests; never use them elsewhere. */
export class FakeAccessTokens implements TokenIssuer, AccessTokenVerifier {
  readonly issued: { userId: string; role: Role }[] = [];

  constructor(private readonly expiresIn = 3600) {}

  issue(subject: { userId: string; role: Role }): Promise<AccessToken> {
    this.issued.push({ ...subject });
    const body = `${PREFIX}.${subject.userId}.${subject.role}`;
    return Promise.resolve({ accessToken: `${body}.${checksum(body)}`, tokenType: 'Bearer', expiresIn: this.expiresIn });
  }

  verify(token: string): Promise<Principal | null> {
    const [prefix, userId = '', role = '', sum, ...rest] = token.split('.');
    const valid =
      prefix === PREFIX &&
      rest.length === 0 &&
      sum === checksum(`${PREFIX}.${userId}.${role}`) &&
      isUuid(userId) &&
      (ROLES as readonly string[]).includes(role);
    return Promise.resolve(valid ? Principals.user(userId, role as Role) : null);
  }
}
