import { isUuid } from '../kernel/ids.js';
import { ROLES, type Role } from '../kernel/principal.js';
import type { AccessToken, AccessTokenSubject, AccessTokenVerifier, TokenIssuer } from '../users/access-tokens.js';

const PREFIX = 'fake-token';

/** FNV-1a: not a signature, but enough for a test to notice a token edited after issue. */
function checksum(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash.toString(16);
}

/**
 * Readable tokens (`fake-token.<user id>.<role>.<session version>.<session id>.<checksum>`) for
 * tests; never use them elsewhere.
 */
export class FakeAccessTokens implements TokenIssuer, AccessTokenVerifier {
  readonly issued: AccessTokenSubject[] = [];

  constructor(private readonly expiresIn = 3600) {}

  issue(subject: AccessTokenSubject): Promise<AccessToken> {
    this.issued.push({ ...subject });
    const body = [PREFIX, subject.userId, subject.role, String(subject.sessionVersion), subject.sessionId].join('.');
    return Promise.resolve({ accessToken: `${body}.${checksum(body)}`, tokenType: 'Bearer', expiresIn: this.expiresIn });
  }

  verify(token: string): Promise<AccessTokenSubject | null> {
    const [prefix, userId = '', role = '', version = '', sessionId = '', sum, ...rest] = token.split('.');
    const sessionVersion = Number(version);
    const valid =
      prefix === PREFIX &&
      rest.length === 0 &&
      sum === checksum([PREFIX, userId, role, version, sessionId].join('.')) &&
      isUuid(userId) &&
      isUuid(sessionId) &&
      Number.isSafeInteger(sessionVersion) &&
      sessionVersion > 0 &&
      (ROLES as readonly string[]).includes(role);
    return Promise.resolve(valid ? { userId, role: role as Role, sessionVersion, sessionId } : null);
  }
}
