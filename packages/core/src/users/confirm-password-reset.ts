import type { Clock } from '../kernel/clock.js';
import type { ConcurrencyConflict, ValidationFailed } from '../kernel/errors.js';
import type { RequestContext } from '../kernel/request-context.js';
import { err, ok, type Result } from '../kernel/result.js';
import { retryOnConflict } from '../kernel/retry-on-conflict.js';
import { validateFields } from '../kernel/validation.js';
import type { OpaqueTokens } from './opaque-tokens.js';
import type { PasswordHasher } from './password-hasher.js';
import type { SessionVersions } from './session-versions.js';
import { UserErrors, type PasswordResetTokenInvalid } from './user-errors.js';
import { parsePassword } from './user.js';
import { replacePassword } from './replace-password.js';
import type { UsersUnitOfWork } from './users-transaction.js';

export type ConfirmPasswordResetError = ValidationFailed | PasswordResetTokenInvalid | ConcurrencyConflict;

/**
 * Sets a new password with the token from a reset e-mail. The token works once and only before it
 * expires; using it ends every session of the user (refresh tokens revoked, access tokens refused)
 * and voids their other pending reset e-mails.
 */
export class ConfirmPasswordReset {
  constructor(
    private readonly deps: {
      readonly uow: UsersUnitOfWork;
      readonly hasher: PasswordHasher;
      readonly opaqueTokens: OpaqueTokens;
      readonly clock: Clock;
      readonly sessions: SessionVersions;
    },
  ) {}

  async execute(
    input: { readonly token: string; readonly newPassword: string },
    ctx: RequestContext,
  ): Promise<Result<void, ConfirmPasswordResetError>> {
    const fields = validateFields({ new_password: parsePassword(input.newPassword) });
    if (fields.isErr()) return err(fields.error);
    const digest = await this.deps.opaqueTokens.digestOf(input.token);
    // Hash outside the transaction: it is slow on purpose and needs no lock.
    const newHash = await this.deps.hasher.hash(fields.value.new_password);
    const options = ctx.correlationId === undefined ? {} : { correlationId: ctx.correlationId };

    const reset = await retryOnConflict(() =>
      this.deps.uow.transaction(async (tx): Promise<Result<string, ConfirmPasswordResetError>> => {
        const found = await tx.passwordResets.findByTokenDigest(digest);
        if (!found) return err(UserErrors.passwordResetTokenInvalid());
        const now = this.deps.clock.now();
        const redeemed = found.redeem(now);
        if (redeemed.isErr()) return err(redeemed.error);
        const spent = await tx.passwordResets.save(found);
        if (spent.isErr()) return err(spent.error);
        const user = await tx.users.findById(redeemed.value);
        if (!user) return err(UserErrors.passwordResetTokenInvalid());
        const replaced = await replacePassword(tx, user, { hash: newHash, reason: 'reset', now });
        return replaced.isErr() ? err(replaced.error) : ok(user.id);
      }, options),
    );
    if (reset.isErr()) return err(reset.error);
    this.deps.sessions.forget(reset.value);
    return ok(undefined);
  }
}
