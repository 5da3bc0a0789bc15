import type { EventEnvelope } from '../kernel/domain-event.js';
import type { Logger } from '../kernel/logger.js';
import { ok, type Result } from '../kernel/result.js';
import type { UnitOfWork } from '../kernel/unit-of-work.js';
import type { EventHandler, HandleOutcome, Subscription } from './event-handler.js';
import type { MessagingTransaction } from './inbox.js';

/**
 * A consumer that records events in the log, once each (the seed's logging consumers). It is
 * the place to hang notifications, projections or audit trails later.
 */
export class LogEvents implements EventHandler {
  constructor(
    readonly subscription: Subscription,
    private readonly deps: { readonly uow: UnitOfWork<MessagingTransaction, unknown>; readonly logger: Logger },
  ) {}

  async handle(event: EventEnvelope): Promise<Result<HandleOutcome, never>> {
    const consumer = this.subscription.consumer;
    return this.deps.uow.transaction(
      async (tx) => {
        if (!(await tx.inbox.markProcessed(consumer, event.event_id))) return ok('duplicate' as const);
        this.deps.logger.info(`event ${event.event_type}`, {
          consumer,
          event_id: event.event_id,
          event_type: event.event_type,
          aggregate_id: event.aggregate_id,
          correlation_id: event.correlation_id,
        });
        return ok('handled' as const);
      },
      { correlationId: event.correlation_id, causationId: event.event_id },
    );
  }
}
