import { BillingErrors, err, ok } from '@hexabill/core';
import type {
  ChargeLookup,
  ChargeOutcome,
  ChargeRequest,
  PaymentGateway,
  PaymentGatewayUnavailable,
  RefundReceipt,
  RefundRequest,
  Result,
} from '@hexabill/core';

export interface SimulatedGatewaySettings {
  /** How long each call takes. */
  readonly latencyMs: number;
  /** The first N calls fail as if the provider were down (to exercise retries). */
  readonly failFirst: number;
}

/** Amounts whose cents are 13 are declined, like a payment provider's test card numbers. */
export const DECLINED_CENTS = 13;

/**
 * A stand-in payment provider for development and demos, in this process: idempotent per key
 * (charges and refunds), answers look-ups, with configurable latency and transient failures.
 * Production points PAYMENT_GATEWAY=http at a real provider's API instead. Its memory is the
 * process's: a worker restarted forgets its charges, which a real provider would not.
 */
export class SimulatedPaymentGateway implements PaymentGateway {
  readonly #byKey = new Map<string, ChargeOutcome>();
  readonly #refunds = new Map<string, RefundReceipt>();
  #failuresLeft: number;
  #sequence = 0;

  constructor(private readonly settings: SimulatedGatewaySettings) {
    this.#failuresLeft = settings.failFirst;
  }

  async charge(request: ChargeRequest): Promise<Result<ChargeOutcome, PaymentGatewayUnavailable>> {
    const down = await this.#call();
    if (down) return err(down);
    const earlier = this.#byKey.get(request.idempotencyKey);
    if (earlier) return ok(earlier);
    this.#sequence += 1;
    const outcome: ChargeOutcome =
      request.amount.minorUnits % 100 === DECLINED_CENTS
        ? { status: 'declined', reason: 'card_declined' }
        : { status: 'succeeded', chargeId: `sim_${Date.now().toString(36)}_${String(this.#sequence)}` };
    this.#byKey.set(request.idempotencyKey, outcome);
    return ok(outcome);
  }

  async lookup(idempotencyKey: string): Promise<Result<ChargeLookup, PaymentGatewayUnavailable>> {
    const down = await this.#call();
    if (down) return err(down);
    return ok(this.#byKey.get(idempotencyKey) ?? { status: 'not_found' });
  }

  async refund(request: RefundRequest): Promise<Result<RefundReceipt, PaymentGatewayUnavailable>> {
    const down = await this.#call();
    if (down) return err(down);
    const receipt = this.#refunds.get(request.idempotencyKey) ?? { refundId: `sim_re_${String(this.#refunds.size + 1)}` };
    this.#refunds.set(request.idempotencyKey, receipt);
    return ok(receipt);
  }

  /** Waits the latency; answers the outage while failures are left. */
  async #call(): Promise<PaymentGatewayUnavailable | undefined> {
    if (this.settings.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.settings.latencyMs));
    if (this.#failuresLeft === 0) return undefined;
    this.#failuresLeft -= 1;
    return BillingErrors.paymentGatewayUnavailable('simulated outage');
  }
}
