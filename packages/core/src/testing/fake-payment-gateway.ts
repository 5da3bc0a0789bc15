import { BillingErrors, type PaymentGatewayUnavailable } from '../billing/invoice-errors.js';
import type { ChargeOutcome, ChargeRequest, PaymentGateway } from '../billing/payment-gateway.js';
import { err, ok, type Result } from '../kernel/result.js';

export interface RecordedCharge {
  readonly request: ChargeRequest;
  readonly outcome: ChargeOutcome;
}

/**
 * A payment provider that honours idempotency keys (the same key gets the first final outcome
 * back, and is charged once) and can be told to fail.
 */
export class FakePaymentGateway implements PaymentGateway {
  readonly #byKey = new Map<string, RecordedCharge>();
  #transientFailures = 0;
  #declines: string[] = [];
  #calls = 0;
  #sequence = 0;

  /** The next `count` calls fail as if the network or provider were down. */
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
    this.#calls += 1;
    if (this.#transientFailures > 0) {
      this.#transientFailures -= 1;
      return Promise.resolve(err(BillingErrors.paymentGatewayUnavailable('injected transient failure')));
    }
    const earlier = this.#byKey.get(request.idempotencyKey);
    if (earlier) return Promise.resolve(ok(earlier.outcome));

    const reason = this.#declines.shift();
    this.#sequence += 1;
    const outcome: ChargeOutcome =
      reason === undefined ? { status: 'succeeded', chargeId: `ch_${this.#sequence}` } : { status: 'declined', reason };
    this.#byKey.set(request.idempotencyKey, { request, outcome });
    return Promise.resolve(ok(outcome));
  }

  /** How many times `charge` was called, duplicates and failures included. */
  get calls(): number {
    return this.#calls;
  }

  /** Distinct charges that moved money. */
  get successfulCharges(): RecordedCharge[] {
    return [...this.#byKey.values()].filter((c) => c.outcome.status === 'succeeded');
  }

  get charges(): RecordedCharge[] {
    return [...this.#byKey.values()];
  }
}
