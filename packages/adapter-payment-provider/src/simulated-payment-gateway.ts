import { BillingErrors, err, ok } from '@hexabill/core';
import type { ChargeOutcome, ChargeRequest, PaymentGateway, PaymentGatewayUnavailable, Result } from '@hexabill/core';

export interface SimulatedGatewaySettings {
  /** How long each charge takes. */
  readonly latencyMs: number;
  /** The first N calls fail as if the provider were down (to exercise retries). */
  readonly failFirst: number;
}

/** Amounts whose cents are 13 are declined, like a payment provider's test card numbers. */
export const DECLINED_CENTS = 13;

/**
 * A stand-in payment provider for development and demos, in this process: idempotent per key,
 * with configurable latency and transient failures. Production points PAYMENT_GATEWAY=http at a
 * real provider's API instead.
 */
export class SimulatedPaymentGateway implements PaymentGateway {
  readonly #byKey = new Map<string, ChargeOutcome>();
  #failuresLeft: number;
  #sequence = 0;

  constructor(private readonly settings: SimulatedGatewaySettings) {
    this.#failuresLeft = settings.failFirst;
  }

  async charge(request: ChargeRequest): Promise<Result<ChargeOutcome, PaymentGatewayUnavailable>> {
    if (this.settings.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.settings.latencyMs));
    if (this.#failuresLeft > 0) {
      this.#failuresLeft -= 1;
      return err(BillingErrors.paymentGatewayUnavailable('simulated outage'));
    }
    const earlier = this.#byKey.get(request.idempotencyKey);
    if (earlier) return ok(earlier);
    this.#sequence += 1;
    const outcome: ChargeOutcome =
      request.amount.minorUnits % 100 === DECLINED_CENTS
        ? { status: 'declined', reason: 'card_declined' }
        : { status: 'succeeded', chargeId: `sim_${Date.now().toString(36)}_${this.#sequence}` };
    this.#byKey.set(request.idempotencyKey, outcome);
    return ok(outcome);
  }
}
