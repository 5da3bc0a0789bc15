import { BillingErrors, type PaymentGatewayUnavailable } from '../billing/invoice-errors.js';
import type {
  ChargeLookup,
  ChargeOutcome,
  ChargeRequest,
  PaymentGateway,
  RefundReceipt,
  RefundRequest,
} from '../billing/payment-gateway.js';
import { err, ok, type Result } from '../kernel/result.js';

export interface RecordedCharge {
  readonly request: ChargeRequest;
  readonly outcome: ChargeOutcome;
}

export interface RecordedRefund {
  readonly request: RefundRequest;
  readonly refundId: string;
}

/**
 * A payment provider that honours idempotency keys (the same key gets the first final outcome
 * back, and is charged once; the same refund key refunds once), answers look-ups, and can be told
 * to fail.
 */
export class FakePaymentGateway implements PaymentGateway {
  readonly #byKey = new Map<string, RecordedCharge>();
  readonly #refunds = new Map<string, RecordedRefund>();
  #transientFailures = 0;
  #declines: string[] = [];
  #calls = 0;
  #sequence = 0;

  /** The next `count` calls (charges, look-ups or refunds) fail as if the network or provider were down. */
  failTransiently(count = 1): this {
    this.#transientFailures += count;
    return this;
  }

  /** The next new charge is declined with `reason` (a final answer). */
  decline(reason = 'card_declined'): this {
    this.#declines.push(reason);
    return this;
  }

  charge(request: ChargeRequest): Promise<Result<ChargeOutcome, PaymentGatewayUnavailable>> {
    const down = this.#callFails();
    if (down) return Promise.resolve(err(down));
    const earlier = this.#byKey.get(request.idempotencyKey);
    if (earlier) return Promise.resolve(ok(earlier.outcome));

    const reason = this.#declines.shift();
    this.#sequence += 1;
    const outcome: ChargeOutcome =
      reason === undefined ? { status: 'succeeded', chargeId: `ch_${String(this.#sequence)}` } : { status: 'declined', reason };
    this.#byKey.set(request.idempotencyKey, { request, outcome });
    return Promise.resolve(ok(outcome));
  }

  lookup(idempotencyKey: string): Promise<Result<ChargeLookup, PaymentGatewayUnavailable>> {
    const down = this.#callFails();
    if (down) return Promise.resolve(err(down));
    return Promise.resolve(ok(this.#byKey.get(idempotencyKey)?.outcome ?? { status: 'not_found' }));
  }

  refund(request: RefundRequest): Promise<Result<RefundReceipt, PaymentGatewayUnavailable>> {
    const down = this.#callFails();
    if (down) return Promise.resolve(err(down));
    const charged = [...this.#byKey.values()].some((c) => c.outcome.status === 'succeeded' && c.outcome.chargeId === request.chargeId);
    if (!charged) return Promise.resolve(err(BillingErrors.paymentGatewayUnavailable(`no charge ${request.chargeId} to refund`)));
    const refund = this.#refunds.get(request.idempotencyKey) ?? { request, refundId: `re_${String(this.#refunds.size + 1)}` };
    this.#refunds.set(request.idempotencyKey, refund);
    return Promise.resolve(ok({ refundId: refund.refundId }));
  }

  /** How many times the gateway was called (charges, look-ups and refunds), duplicates and failures included. */
  get calls(): number {
    return this.#calls;
  }

  /** Distinct charges that moved money (refunded ones included). */
  get successfulCharges(): RecordedCharge[] {
    return [...this.#byKey.values()].filter((c) => c.outcome.status === 'succeeded');
  }

  get charges(): RecordedCharge[] {
    return [...this.#byKey.values()];
  }

  /** Distinct refunds made. */
  get refunds(): RecordedRefund[] {
    return [...this.#refunds.values()];
  }

  #callFails(): PaymentGatewayUnavailable | undefined {
    this.#calls += 1;
    if (this.#transientFailures === 0) return undefined;
    this.#transientFailures -= 1;
    return BillingErrors.paymentGatewayUnavailable('injected transient failure');
  }
}
