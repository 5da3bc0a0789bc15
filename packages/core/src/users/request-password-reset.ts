import type { Clock } from '../kernel/clock.js';
import { Email } from '../kernel/email.js';
import type { RateLimited, ValidationFailed } from '../kernel/errors.js';
import type { IdGenerator } from '../kernel/ids.js';
import type { RequestContext } from '../kernel/request-context.js';
import { err, ok, type Result } from '../kernel/result.js';
import { validateFields } from '../kernel/validation.js';
import { consumePasswordResetAttempt, type PasswordResetLimits } from './password-reset-limits.js';
import { PasswordReset } from './password-reset.js';
import type { RateLimiter } from './rate-limiter.js';
import type { UsersUnitOfWork } from './users-transaction.js';

export const DEFAULT_PASSWORD_RESET_TTL_SECONDS = 30 * 60;

/**
 * "I forgot my password": records a reset request and leaves the e-mail to a consumer (through the
 * outbox), so no mail server is ever part of the request. The same work is done whether or not an
 * account has the address — one read, one reset row, one event — so neither the answer nor its
 * timing tells which addresses have accounts.
 */
export class RequestPasswordReset {
  constructor(
    private readonly deps: {
      readonly uow: UsersUnitOfWork;
      readonly ids: IdGenerator;
      readonly clock: Clock;
      readonly passwordResetTtlSeconds?: number;
      readonly resetLimiter?: RateLimiter;
      readonly resetLimits?: PasswordResetLimits;
    },
  ) {}

  async execute(input: { readonly email: string }, ctx: RequestContext): Promise<Result<void, ValidationFailed | RateLimited>> {
    const fields = validateFields({ email: Email.parse(input.email) });
    if (fields.isErr()) return err(fields.error);
    const email = fields.value.email.value;
    const { resetLimiter, resetLimits } = this.deps;
    if (resetLimiter && resetLimits) {
      const allowed = await consumePasswordResetAttempt(resetLimiter, resetLimits, email, ctx.clientAddress ?? 'unknown');
      if (allowed.isErr()) return err(allowed.error);
    }
    const options = ctx.correlationId === undefined ? {} : { correlationId: ctx.correlationId };
    return this.deps.uow.transaction(async (tx) => {
      const user = await tx.users.findByEmail(email);
      const reset = PasswordReset.request({
        id: this.deps.ids.next(),
        userId: user?.id ?? null,
        now: this.deps.clock.now(),
        ttlSeconds: this.deps.passwordResetTtlSeconds ?? DEFAULT_PASSWORD_RESET_TTL_SECONDS,
      });
      await tx.passwordResets.add(reset);
      return ok(undefined);
    }, options);
  }
}
