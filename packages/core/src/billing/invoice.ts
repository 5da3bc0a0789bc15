import { AggregateRoot } from '../shared/aggregate-root.js';
import { DomainErrors, type InvoiceAlreadyPaid, type InvoicePaymentInProgress } from '../shared/domain-error.js';
import type { Currency, Money } from '../shared/money.js';
import { err, ok, type Result } from '../shared/result.js';
import { INVOICE_AGGREGATE, type InvoiceEvent } from './invoice-events.js';

export const INVOICE_STATUSES = ['pending', 'payment_requested', 'paid', 'payment_failed'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

export function parseInvoiceStatus(input: string): Result<InvoiceStatus, string> {
  return (INVOICE_STATUSES as readonly string[]).includes(input)
    ? ok(input as InvoiceStatus)
    : err(`must be one of ${INVOICE_STATUSES.join(', ')}`);
}

export interface InvoiceSnapshot {
  readonly id: string;
  readonly userId: string;
  readonly amount: Money;
  readonly status: InvoiceStatus;
  /** Number of payment requests so far; the current one is the only one a worker may settle. */
  readonly paymentAttempt: number;
  readonly chargeId: string | null;
  readonly failureReason: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly paidAt: Date | null;
  readonly version: number;
}

export interface InvoiceView {
  readonly id: string;
  readonly userId: string;
  /** Decimal string, e.g. "100.00". */
  readonly amount: string;
  readonly currency: Currency;
  readonly status: InvoiceStatus;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly paidAt: Date | null;
  readonly version: number;
}

/**
 * pending → payment_requested → paid (final); payment_requested → payment_failed → payment_requested …
 */
export class Invoice extends AggregateRoot<InvoiceEvent> {
  private constructor(private state: InvoiceSnapshot) {
    super(state.version);
  }

  static create(props: { id: string; userId: string; amount: Money; now: Date }): Invoice {
    const invoice = new Invoice({
      id: props.id,
      userId: props.userId,
      amount: props.amount,
      status: 'pending',
      paymentAttempt: 0,
      chargeId: null,
      failureReason: null,
      createdAt: props.now,
      updatedAt: props.now,
      paidAt: null,
      version: 1,
    });
    invoice.record({
      event_type: 'invoice.created',
      event_version: 1,
      aggregate_type: INVOICE_AGGREGATE,
      aggregate_id: props.id,
      payload: invoice.amountPayload(),
    });
    return invoice;
  }

  static restore(snapshot: InvoiceSnapshot): Invoice {
    return new Invoice(snapshot);
  }

  get id(): string {
    return this.state.id;
  }
  get userId(): string {
    return this.state.userId;
  }
  get amount(): Money {
    return this.state.amount;
  }
  get status(): InvoiceStatus {
    return this.state.status;
  }
  get paymentAttempt(): number {
    return this.state.paymentAttempt;
  }

  requestPayment(now: Date): Result<void, InvoiceAlreadyPaid | InvoicePaymentInProgress> {
    if (this.state.status === 'paid') return err(DomainErrors.invoiceAlreadyPaid(this.id));
    if (this.state.status === 'payment_requested') return err(DomainErrors.invoicePaymentInProgress(this.id));
    const paymentAttempt = this.state.paymentAttempt + 1;
    this.state = { ...this.state, status: 'payment_requested', paymentAttempt, failureReason: null, updatedAt: now };
    this.record({
      event_type: 'invoice.payment_requested',
      event_version: 1,
      aggregate_type: INVOICE_AGGREGATE,
      aggregate_id: this.id,
      payload: { ...this.amountPayload(), payment_attempt: paymentAttempt },
    });
    return ok(undefined);
  }

  /** Whether a worker holding a request for `attempt` may still settle it. */
  awaitsSettlementOf(attempt: number): boolean {
    return this.state.status === 'payment_requested' && this.state.paymentAttempt === attempt;
  }

  markPaid(chargeId: string, now: Date): Result<void, InvoiceAlreadyPaid | InvoicePaymentInProgress> {
    if (this.state.status === 'paid') return err(DomainErrors.invoiceAlreadyPaid(this.id));
    if (this.state.status !== 'payment_requested') return err(DomainErrors.invoicePaymentInProgress(this.id));
    this.state = { ...this.state, status: 'paid', chargeId, paidAt: now, updatedAt: now };
    this.record({
      event_type: 'invoice.paid',
      event_version: 1,
      aggregate_type: INVOICE_AGGREGATE,
      aggregate_id: this.id,
      payload: { ...this.amountPayload(), paid_at: now.toISOString(), charge_id: chargeId },
    });
    return ok(undefined);
  }

  markPaymentFailed(reason: string, now: Date): Result<void, InvoiceAlreadyPaid | InvoicePaymentInProgress> {
    if (this.state.status === 'paid') return err(DomainErrors.invoiceAlreadyPaid(this.id));
    if (this.state.status !== 'payment_requested') return err(DomainErrors.invoicePaymentInProgress(this.id));
    this.state = { ...this.state, status: 'payment_failed', failureReason: reason, updatedAt: now };
    this.record({
      event_type: 'invoice.payment_failed',
      event_version: 1,
      aggregate_type: INVOICE_AGGREGATE,
      aggregate_id: this.id,
      payload: { invoice_id: this.id, reason },
    });
    return ok(undefined);
  }

  override markSaved(): void {
    super.markSaved();
    this.state = { ...this.state, version: this.version };
  }

  toSnapshot(): InvoiceSnapshot {
    return this.state;
  }

  toView(): InvoiceView {
    const s = this.state;
    return {
      id: s.id,
      userId: s.userId,
      amount: s.amount.toDecimalString(),
      currency: s.amount.currency,
      status: s.status,
      createdAt: s.createdAt,
      updatedAt: s.updatedAt,
      paidAt: s.paidAt,
      version: s.version,
    };
  }

  private amountPayload(): { invoice_id: string; user_id: string; amount: string; currency: string } {
    return {
      invoice_id: this.id,
      user_id: this.userId,
      amount: this.amount.toDecimalString(),
      currency: this.amount.currency,
    };
  }
}
