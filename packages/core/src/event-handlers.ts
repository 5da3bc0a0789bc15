import { INVOICE_EVENTS } from './billing/invoice-events.js';
import type { PaymentGateway } from './billing/payment-gateway.js';
import type { PaymentTimings } from './billing/payment-reconciliation.js';
import { PROCESS_INVOICE_PAYMENT, ProcessInvoicePayment } from './billing/process-invoice-payment.js';
import type { Clock } from './kernel/clock.js';
import type { Logger } from './kernel/logger.js';
import type { EventHandler, Subscription } from './messaging/event-handler.js';
import { LogEvents } from './messaging/log-events.js';
import type { HexabillUnitOfWork } from './transaction.js';
import type { Mailer } from './users/mailer.js';
import type { OpaqueTokens } from './users/opaque-tokens.js';
import { SEND_PASSWORD_RESET, SendPasswordReset } from './users/send-password-reset.js';
import { USER_EVENTS } from './users/user-events.js';

// password_reset.requested is logged by the consumer that e-mails it.
export const AUDIT_USER_EVENTS: Subscription = { consumer: 'audit.user-events', eventTypes: USER_EVENTS.types };
export const AUDIT_INVOICE_EVENTS: Subscription = {
  consumer: 'audit.invoice-events',
  // payment_requested is logged by the consumer that charges it.
  eventTypes: INVOICE_EVENTS.types.filter((type) => type !== 'invoice.payment_requested'),
};
// hexabill-generate: subscriptions

/**
 * Every consumer hexabill runs. Each gets its own queue (named after `consumer`) subscribed to
 * its event types; the messaging topology (development and infrastructure-as-code alike) derives
 * from this list, and `createEventHandlers` builds exactly one handler per entry.
 */
export const EVENT_SUBSCRIPTIONS: readonly Subscription[] = [
  PROCESS_INVOICE_PAYMENT,
  SEND_PASSWORD_RESET,
  AUDIT_USER_EVENTS,
  AUDIT_INVOICE_EVENTS,
  // hexabill-generate: subscription list
];

export interface EventHandlerDependencies {
  readonly uow: HexabillUnitOfWork;
  readonly gateway: PaymentGateway;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly timings?: PaymentTimings;
  readonly mailer: Mailer;
  readonly opaqueTokens: OpaqueTokens;
  /** The client app's page that completes a password reset; reset e-mails link to it. */
  readonly passwordResetUrl: string;
}

export function createEventHandlers(deps: EventHandlerDependencies): EventHandler[] {
  return [
    new ProcessInvoicePayment(deps),
    new SendPasswordReset(deps),
    new LogEvents(AUDIT_USER_EVENTS, deps),
    new LogEvents(AUDIT_INVOICE_EVENTS, deps),
    // hexabill-generate: handlers
  ];
}
