import { AggregateRoot } from '../kernel/aggregate-root.js';
import type { Currency, Money } from '../kernel/money.js';
import { err, ok, type Result } from '../kernel/result.js';
import { BillingErrors, type InvoiceAlreadyPaid, type InvoicePaymentInProgress } from './invoice-errors.js';
import { INVOICE_EVENTS } from './invoice-events.js';

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

/** What an invoice looks like to callers: the amount as a decimal string, no payment internals. */
export type InvoiceView = Omit<InvoiceSnapshot, 'amount' | 'paymentAttempt' | 'chargeId' | 'failureReason'> & {
  /** Decimal string, e.g. "100.00". */
  readonly amount: string;
  readonly currency: Currency;
};

type InvoiceState = Omit<InvoiceSnapshot, 'version'>;
type PaymentError = InvoiceAlreadyPaid | InvoicePaymentInProgress;

/**
 * pending → payment_requested → paid (final); payment_requested → payment_failed → payment_requested …
 */
export class Invoice extends AggregateRoot<typeof INVOICE_EVENTS> {
  private constructor(
    private state: InvoiceState,
    version: number,
  ) {
    super(INVOICE_EVENTS, version);
  }

  static create(props: { id: string; userId: string; amount: Money; now: Date }): Invoice {
    const invoice = new Invoice(
      {
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
      },
      1,
    );
    invoice.raise('invoice.created', invoice.amountPayload());
    return invoice;
  }

  static restore(snapshot: InvoiceSnapshot): Invoice {
    const { version, ...state } = snapshot;
    return new Invoice(state, version);
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
  /** The charge that paid it, once paid. */
  get chargeId(): string | null {
    return this.state.chargeId;
  }

  requestPayment(now: Date): Result<void, PaymentError> {
    if (this.state.status === 'paid') return err(BillingErrors.invoiceAlreadyPaid(this.id));
    if (this.state.status === 'payment_requested') return err(BillingErrors.invoicePaymentInProgress(this.id));
    const paymentAttempt = this.state.paymentAttempt + 1;
    this.state = { ...this.state, status: 'payment_requested', paymentAttempt, failureReason: null, updatedAt: now };
    this.raise('invoice.payment_requested', { ...this.amountPayload(), payment_attempt: paymentAttempt });
    return ok(undefined);
  }

  /** Whether a worker holding a request for `attempt` may still settle it. */
  awaitsSettlementOf(attempt: number): boolean {
    return this.state.status === 'payment_requested' && this.state.paymentAttempt === attempt;
  }

  markPaid(chargeId: string, now: Date): Result<void, PaymentError> {
    const settling = this.checkSettling();
    if (settling.isErr()) return settling;
    this.state = { ...this.state, status: 'paid', chargeId, paidAt: now, updatedAt: now };
    this.raise('invoice.paid', { ...this.amountPayload(), paid_at: now.toISOString(), charge_id: chargeId });
    return ok(undefined);
  }

  markPaymentFailed(reason: string, now: Date): Result<void, PaymentError> {
    const settling = this.checkSettling();
    if (settling.isErr()) return settling;
    this.state = { ...this.state, status: 'payment_failed', failureReason: reason, updatedAt: now };
    this.raise('invoice.payment_failed', { invoice_id: this.id, reason });
    return ok(undefined);
  }

  toSnapshot(): InvoiceSnapshot {
    return { ...this.state, version: this.version };
  }

  // Field by field, not by rest-and-spread: this runs for every invoice an API answer holds, and the
  // compiler still refuses a view that misses a field of InvoiceView.
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
      version: this.version,
    };
  }

  private checkSettling(): Result<void, PaymentError> {
    if (this.state.status === 'paid') return err(BillingErrors.invoiceAlreadyPaid(this.id));
    if (this.state.status !== 'payment_requested') return err(BillingErrors.invoicePaymentInProgress(this.id));
    return ok(undefined);
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
