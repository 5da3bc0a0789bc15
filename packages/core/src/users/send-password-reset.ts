import type { Clock } from '../kernel/clock.js';
import type { Failure } from '../kernel/errors.js';
import type { Logger } from '../kernel/logger.js';
import { err, ok, type Result } from '../kernel/result.js';
import { retryOnConflict } from '../kernel/retry-on-conflict.js';
import type { UnitOfWork } from '../kernel/unit-of-work.js';
import type { EventHandler, HandleOutcome, Subscription } from '../messaging/event-handler.js';
import type { MessagingTransaction } from '../messaging/inbox.js';
import type { Mailer } from './mailer.js';
import type { OpaqueTokens } from './opaque-tokens.js';
import type { PasswordResetEnvelope } from './password-reset-events.js';
import { passwordResetLink, passwordResetMail } from './password-reset-mail.js';
import type { UsersReads, UsersTransaction } from './users-transaction.js';

export const SEND_PASSWORD_RESET: Subscription<'password_reset.requested'> = {
  consumer: 'users.send-password-reset',
  eventTypes: ['password_reset.requested'],
};

type ResetRequested = PasswordResetEnvelope;

/**
 * Handles `password_reset.requested`: makes the single-use token, keeps its digest and e-mails the
 * link, in the transaction that records the message in the inbox. The e-mail goes out before that
 * transaction commits: if sending fails, nothing is kept and the redelivered message tries again
 * with a fresh token; once it committed, a duplicate delivery sends nothing. A request for an
 * address no account has, or one that expired while queued, is recorded and ignored.
 */
export class SendPasswordReset implements EventHandler<ResetRequested> {
  readonly subscription = SEND_PASSWORD_RESET;

  constructor(
    private readonly deps: {
      readonly uow: UnitOfWork<UsersTransaction & MessagingTransaction, UsersReads>;
      readonly mailer: Mailer;
      readonly opaqueTokens: OpaqueTokens;
      readonly clock: Clock;
      readonly logger: Logger;
      /** The client app's page that completes a reset; the e-mail links to it. */
      readonly passwordResetUrl: string;
    },
  ) {}

  handle(event: ResetRequested): Promise<Result<HandleOutcome, Failure<string>>> {
    const resetId = event.payload.reset_id;
    return retryOnConflict(() =>
      this.deps.uow.transaction<HandleOutcome, Failure<string>>(
        async (tx) => {
          if (!(await tx.inbox.markProcessed(this.subscription.consumer, event.event_id))) return ok('duplicate');
          const reset = await tx.passwordResets.findById(resetId);
          const now = this.deps.clock.now();
          if (!reset?.awaitsToken(now) || reset.userId === null) return ok('ignored');
          const user = await tx.users.findById(reset.userId);
          if (!user) return ok('ignored');

          const secret = await this.deps.opaqueTokens.issue();
          reset.issueToken(secret.digest);
          const saved = await tx.passwordResets.save(reset);
          if (saved.isErr()) return err(saved.error);
          const validMinutes = Math.max(1, Math.floor((reset.expiresAt.getTime() - now.getTime()) / 60_000));
          const link = passwordResetLink(this.deps.passwordResetUrl, secret.token);
          const sent = await this.deps.mailer.send(passwordResetMail({ to: user.email, link, validMinutes }));
          if (sent.isErr()) {
            this.deps.logger.warn('password reset e-mail not sent; the message will be retried', {
              reset_id: resetId,
              event_id: event.event_id,
              error: sent.error.message,
            });
            return err(sent.error);
          }
          this.deps.logger.info('password reset e-mail sent', {
            reset_id: resetId,
            user_id: user.id,
            event_id: event.event_id,
            correlation_id: event.correlation_id,
          });
          return ok('handled');
        },
        { correlationId: event.correlation_id, causationId: event.event_id },
      ),
    );
  }
}
