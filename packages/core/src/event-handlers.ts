import { INVOICE_EVENT_TYPES } from './billing/invoice-events.js';
import { PROCESS_INVOICE_PAYMENT_CONSUMER, ProcessInvoicePayment } from './billing/process-invoice-payment.js';
import type { Clock } from './shared/clock.js';
import type { EventHandler } from './shared/event-handler.js';
import { LogEvents } from './shared/log-events.js';
import type { Logger } from './shared/logger.js';
import type { PaymentGateway } from './shared/payment-gateway.js';
import type { UnitOfWork } from './shared/unit-of-work.js';
import { USER_EVENT_TYPES } from './users/user-events.js';

/** A consumer as data: its name and the events it subscribes to. */
export interface ConsumerDefinition {
  readonly consumer: string;
  readonly eventTypes: readonly string[];
}

/**
 * Every consumer hexabill runs. Each gets its own queue (named after `consumer`) subscribed to its
 * event types; the messaging topology (development and infrastructure-as-code alike) derives
 * from this list.
 */
export const EVENT_CONSUMERS = {
  processInvoicePayment: { consumer: PROCESS_INVOICE_PAYMENT_CONSUMER, eventTypes: ['invoice.payment_requested'] },
  auditUserEvents: { consumer: 'audit.user-events', eventTypes: USER_EVENT_TYPES },
  auditInvoiceEvents: {
    consumer: 'audit.invoice-events',
    eventTypes: INVOICE_EVENT_TYPES.filter((type) => type !== 'invoice.payment_requested'),
  },
} as const satisfies Record<string, ConsumerDefinition>;

export function createEventHandlers(deps: {
  readonly uow: UnitOfWork;
  readonly gateway: PaymentGateway;
  readonly clock: Clock;
  readonly logger: Logger;
}): EventHandler[] {
  const { auditUserEvents, auditInvoiceEvents } = EVENT_CONSUMERS;
  return [
    new ProcessInvoicePayment(deps),
    new LogEvents(auditUserEvents.consumer, auditUserEvents.eventTypes, deps),
    new LogEvents(auditInvoiceEvents.consumer, auditInvoiceEvents.eventTypes, deps),
  ];
}
