import { AccessPolicy } from '../kernel/access-policy.js';
import type { Clock } from '../kernel/clock.js';
import { KernelErrors, type ConcurrencyConflict, type RateLimited, type Unauthenticated, type ValidationFailed } from '../kernel/errors.js';
import type { RequestContext } from '../kernel/request-context.js';
import { err, type Result } from '../kernel/result.js';
import { retryOnConflict } from '../kernel/retry-on-conflict.js';
import { validateFields } from '../kernel/validation.js';
import { consumeLoginAttempt, type LoginLimits } from './login-limits.js';
import type { PasswordHasher } from './password-hasher.js';
import type { RateLimiter } from './rate-limiter.js';
import type { SessionVersions } from './session-versions.js';
import { UserErrors, type InvalidCredentials } from './user-errors.js';
import { parsePassword } from './user.js';
import { replacePassword } from './replace-password.js';
import type { UsersUnitOfWork } from './users-transaction.js';

export interface ChangePasswordInput {
  readonly currentPassword: string;
  readonly newPassword: string;
}

export type ChangePasswordError = Unauthenticated | ValidationFailed | InvalidCredentials | RateLimited | ConcurrencyConflict;

/**
 * The signed-in user sets a new password, proving they know the current one. Every other session
 * is revoked and every access token issued before — this request's included — is refused from now
 * on; the caller's own session survives and renews its access token with its refresh token.
 * Checking the current password counts as a sign-in attempt, so a stolen access token cannot be
 * used to guess it faster than the sign-in limits allow.
 */
export class ChangePassword {
  constructor(
    private readonly deps: {
      readonly uow: UsersUnitOfWork;
      readonly hasher: PasswordHasher;
      readonly clock: Clock;
      readonly sessions: SessionVersions;
      readonly loginLimiter?: RateLimiter;
      readonly loginLimits?: LoginLimits;
    },
  ) {}

  async execute(input: ChangePasswordInput, ctx: RequestContext): Promise<Result<void, ChangePasswordError>> {
    const actor = AccessPolicy.requireAuthenticated(ctx.principal);
    if (actor.isErr()) return err(actor.error);
    const principal = actor.value;
    // Only a user has a password of their own.
    if (principal.kind !== 'user') return err(KernelErrors.unauthenticated());
    const fields = validateFields({ new_password: parsePassword(input.newPassword) });
    if (fields.isErr()) return err(fields.error);

    const user = await this.deps.uow.read((repos) => repos.users.findById(principal.id));
    if (!user) return err(KernelErrors.unauthenticated());
    const { loginLimiter, loginLimits } = this.deps;
    if (loginLimiter && loginLimits) {
      const allowed = await consumeLoginAttempt(loginLimiter, loginLimits, user.email, ctx.clientAddress ?? 'unknown');
      if (allowed.isErr()) return err(allowed.error);
    }
    if (!(await this.deps.hasher.verify(input.currentPassword, user.passwordHash))) return err(UserErrors.invalidCredentials());
    // Hash outside the transaction: it is slow on purpose and needs no lock.
    const newHash = await this.deps.hasher.hash(fields.value.new_password);
    const verifiedHash = user.passwordHash;
    const options = ctx.correlationId === undefined ? {} : { correlationId: ctx.correlationId };

    const changed = await retryOnConflict(() =>
      this.deps.uow.transaction(async (tx): Promise<Result<void, ChangePasswordError>> => {
        const current = await tx.users.findById(principal.id);
        if (!current) return err(KernelErrors.unauthenticated());
        // Changed meanwhile by another request: the password we checked is no longer the password.
        if (current.passwordHash !== verifiedHash) return err(UserErrors.invalidCredentials());
        const now = this.deps.clock.now();
        return replacePassword(tx, current, { hash: newHash, reason: 'changed', now, keptSession: principal.sessionId });
      }, options),
    );
    if (changed.isOk()) this.deps.sessions.forget(principal.id);
    return changed;
  }
}
