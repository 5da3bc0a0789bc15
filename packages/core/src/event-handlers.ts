import { INVOICE_EVENT_TYPES } from './billing/invoice-events.js';
import { ProcessInvoicePayment } from './billing/process-invoice-payment.js';
import type { Clock } from './shared/clock.js';
import type { EventHandler } from './shared/event-handler.js';
import { LogEvents } from './shared/log-events.js';
import type { Logger } from './shared/logger.js';
import type { PaymentGateway } from './shared/payment-gateway.js';
import type { UnitOfWork } from './shared/unit-of-work.js';
import { USER_EVENT_TYPES } from './users/user-events.js';

/**
 * Every consumer hexabill runs. Each gets its own queue (named after `consumer`) subscribed to
 * its `eventTypes`; adapters derive the messaging topology from this list.
 */
export function createEventHandlers(deps: {
  readonly uow: UnitOfWork;
  readonly gateway: PaymentGateway;
  readonly clock: Clock;
  readonly logger: Logger;
}): EventHandler[] {
  return [
    new ProcessInvoicePayment(deps),
    new LogEvents('audit.user-events', USER_EVENT_TYPES, deps),
    new LogEvents(
      'audit.invoice-events',
      INVOICE_EVENT_TYPES.filter((type) => type !== 'invoice.payment_requested'),
      deps,
    ),
  ];
}
