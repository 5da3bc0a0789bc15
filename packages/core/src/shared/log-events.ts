import type { EventEnvelope } from './domain-event.js';
import type { DomainError } from './domain-error.js';
import type { EventHandler, HandleOutcome } from './event-handler.js';
import type { Logger } from './logger.js';
import { ok, type Result } from './result.js';
import type { UnitOfWork } from './unit-of-work.js';

/**
 * A consumer that records events in the log, once each (the seed's logging consumers). It is
 * the place to hang notifications, projections or audit trails later.
 */
export class LogEvents implements EventHandler {
  constructor(
    readonly consumer: string,
    readonly eventTypes: readonly string[],
    private readonly deps: { readonly uow: UnitOfWork; readonly logger: Logger },
  ) {}

  async handle(event: EventEnvelope): Promise<Result<HandleOutcome, DomainError>> {
    return this.deps.uow.transaction(
      async (tx) => {
        if (!(await tx.inbox.markProcessed(this.consumer, event.event_id))) return ok('duplicate' as const);
        this.deps.logger.info(`event ${event.event_type}`, {
          consumer: this.consumer,
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
