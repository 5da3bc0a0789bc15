import type { Role } from '../kernel/principal.js';
import type { AccessToken, TokenIssuer } from '../users/token-issuer.js';

export class FakeTokenIssuer implements TokenIssuer {
  readonly issued: { userId: string; role: Role }[] = [];

  constructor(private readonly expiresIn = 3600) {}

  issue(subject: { userId: string; role: Role }): Promise<AccessToken> {
    this.issued.push({ ...subject });
    return Promise.resolve({
      accessToken: `fake-token.${subject.userId}.${subject.role}`,
      tokenType: 'Bearer',
      expiresIn: this.expiresIn,
    });
  }
}
