import { DomainErrors, type InvalidCredentials } from '../shared/domain-error.js';
import { Email } from '../shared/email.js';
import type { PasswordHasher } from '../shared/password-hasher.js';
import type { RequestContext } from '../shared/request-context.js';
import { err, ok, type Result } from '../shared/result.js';
import type { AccessToken, TokenIssuer } from '../shared/token-issuer.js';
import type { UnitOfWork } from '../shared/unit-of-work.js';

export interface AuthenticateUserInput {
  readonly email: string;
  readonly password: string;
}

/**
 * Exchanges credentials for an access token. An unknown email and a wrong password give the same
 * error after the same work (a hash verification either way), so neither the answer nor its
 * timing tells whether an account exists.
 */
export class AuthenticateUser {
  #dummyHash: Promise<string> | undefined;

  constructor(
    private readonly deps: {
      readonly uow: UnitOfWork;
      readonly hasher: PasswordHasher;
      readonly tokens: TokenIssuer;
    },
  ) {}

  async execute(input: AuthenticateUserInput, _ctx: RequestContext): Promise<Result<AccessToken, InvalidCredentials>> {
    const email = Email.parse(input.email);
    const user = email.isOk() ? await this.deps.uow.read((repos) => repos.users.findByEmail(email.value.value)) : null;

    const hash = user?.passwordHash ?? (await this.dummyHash());
    const matches = await this.deps.hasher.verify(input.password, hash);
    if (!user || !matches) return err(DomainErrors.invalidCredentials());
    return ok(await this.deps.tokens.issue({ userId: user.id, role: user.role }));
  }

  private dummyHash(): Promise<string> {
    this.#dummyHash ??= this.deps.hasher.hash('not-a-real-password-only-equalises-timing');
    return this.#dummyHash;
  }
}
