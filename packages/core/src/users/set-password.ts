import type { Clock } from '../kernel/clock.js';
import { KernelErrors, type ConcurrencyConflict, type Forbidden, type ValidationFailed } from '../kernel/errors.js';
import type { RequestContext } from '../kernel/request-context.js';
import { err, ok, type Result } from '../kernel/result.js';
import { retryOnConflict } from '../kernel/retry-on-conflict.js';
import { validateFields } from '../kernel/validation.js';
import type { PasswordHasher } from './password-hasher.js';
import type { SessionVersions } from './session-versions.js';
import { UserErrors, type UserNotFound } from './user-errors.js';
import { parsePassword, type UserView } from './user.js';
import { replacePassword } from './replace-password.js';
import type { UsersUnitOfWork } from './users-transaction.js';

export type SetPasswordError = Forbidden | ValidationFailed | UserNotFound | ConcurrencyConflict;

/**
 * The operator gives a user a new password: the `admin reset-password` command, for when no reset
 * e-mail can help (the first admin's, a mail server not set up yet). Only the system principal may
 * — no HTTP route leads here. As after a reset by e-mail, every session of the user ends, their
 * access tokens are refused and pending reset links die.
 */
export class SetPassword {
  constructor(
    private readonly deps: {
      readonly uow: UsersUnitOfWork;
      readonly hasher: PasswordHasher;
      readonly clock: Clock;
      readonly sessions: SessionVersions;
    },
  ) {}

  async execute(
    input: { readonly email: string; readonly password: string },
    ctx: RequestContext,
  ): Promise<Result<UserView, SetPasswordError>> {
    if (ctx.principal.kind !== 'system') return err(KernelErrors.forbidden());
    const fields = validateFields({ password: parsePassword(input.password) });
    if (fields.isErr()) return err(fields.error);
    const found = await this.deps.uow.read((repos) => repos.users.findByEmail(input.email.trim().toLowerCase()));
    if (!found) return err(UserErrors.notFound(input.email));
    // Slow on purpose: outside the transaction.
    const hash = await this.deps.hasher.hash(fields.value.password);
    const options = ctx.correlationId === undefined ? {} : { correlationId: ctx.correlationId };

    const changed = await retryOnConflict(() =>
      this.deps.uow.transaction(async (tx): Promise<Result<UserView, SetPasswordError>> => {
        const user = await tx.users.findById(found.id);
        if (!user) return err(UserErrors.notFound(input.email));
        const replaced = await replacePassword(tx, user, { hash, reason: 'reset', now: this.deps.clock.now() });
        return replaced.isErr() ? err(replaced.error) : ok(user.toView());
      }, options),
    );
    if (changed.isOk()) this.deps.sessions.forget(found.id);
    return changed;
  }
}
