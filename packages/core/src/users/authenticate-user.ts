import type { Clock } from '../kernel/clock.js';
import type { RateLimited } from '../kernel/errors.js';
import { Email } from '../kernel/email.js';
import type { RequestContext } from '../kernel/request-context.js';
import { err, ok, type Result } from '../kernel/result.js';
import { consumeLoginAttempt, type LoginLimits } from './login-limits.js';
import type { PasswordHasher } from './password-hasher.js';
import type { RateLimiter } from './rate-limiter.js';
import { issueSessionTokens, type SessionTokenDependencies, type SessionTokens } from './session-tokens.js';
import { UserErrors, type InvalidCredentials } from './user-errors.js';
import type { UsersUnitOfWork } from './users-transaction.js';

export interface AuthenticateUserInput {
  readonly email: string;
  readonly password: string;
}

/**
 * Exchanges credentials for an access token and a refresh token (a new session). An unknown email
 * and a wrong password give the same error after the same work (a hash verification either way),
 * so neither the answer nor its timing tells whether an account exists. Attempts are rate limited
 * when a limiter is given.
 */
export class AuthenticateUser {
  #dummyHash: Promise<string> | undefined;

  constructor(
    private readonly deps: SessionTokenDependencies & {
      readonly uow: UsersUnitOfWork;
      readonly hasher: PasswordHasher;
      readonly clock: Clock;
      readonly loginLimiter?: RateLimiter;
      readonly loginLimits?: LoginLimits;
    },
  ) {}

  async execute(input: AuthenticateUserInput, ctx: RequestContext): Promise<Result<SessionTokens, InvalidCredentials | RateLimited>> {
    const { loginLimiter, loginLimits } = this.deps;
    if (loginLimiter && loginLimits) {
      const allowed = await consumeLoginAttempt(loginLimiter, loginLimits, input.email, ctx.clientAddress ?? 'unknown');
      if (allowed.isErr()) return err(allowed.error);
    }
    const email = Email.parse(input.email);
    const user = email.isOk() ? await this.deps.uow.read((repos) => repos.users.findByEmail(email.value.value)) : null;

    const hash = user?.passwordHash ?? (await this.dummyHash());
    const matches = await this.deps.hasher.verify(input.password, hash);
    if (!user || !matches) return err(UserErrors.invalidCredentials());
    return this.deps.uow.transaction(
      async (tx) => ok(await issueSessionTokens(this.deps, tx.refreshTokens, user, this.deps.clock.now())),
      ctx.correlationId === undefined ? {} : { correlationId: ctx.correlationId },
    );
  }

  private dummyHash(): Promise<string> {
    this.#dummyHash ??= this.deps.hasher.hash('not-a-real-password-only-equalises-timing');
    return this.#dummyHash;
  }
}
