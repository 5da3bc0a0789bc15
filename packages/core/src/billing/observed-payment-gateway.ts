import type { Result } from '../kernel/result.js';
import type { PaymentGateway } from './payment-gateway.js';

/** One call to the payment provider, as operators graph it. */
export interface GatewayCall {
  readonly operation: 'charge' | 'lookup' | 'refund';
  /**
   * charge: `succeeded` | `declined`; lookup: `succeeded` | `declined` | `not_found`; refund: `refunded`;
   * any of them `unavailable` when the provider gave no answer.
   */
  readonly outcome: string;
  readonly durationMs: number;
}

/**
 * The gateway, with each call reported to `observe` (metrics): how long the provider took and what it
 * said — so a declined charge can be told from a paid one, and a slow provider seen. Changes nothing
 * of what the calls return.
 */
export function observedPaymentGateway(
  gateway: PaymentGateway,
  observe: (call: GatewayCall) => void,
  /** Milliseconds from any origin: pass `performance.now` where there is one. */
  now: () => number = Date.now,
): PaymentGateway {
  const timed = async <T, E>(
    operation: GatewayCall['operation'],
    call: () => Promise<Result<T, E>>,
    outcomeOf: (value: T) => string,
  ): Promise<Result<T, E>> => {
    const started = now();
    const result = await call();
    observe({ operation, outcome: result.isOk() ? outcomeOf(result.value) : 'unavailable', durationMs: now() - started });
    return result;
  };
  return {
    charge: (request) =>
      timed(
        'charge',
        () => gateway.charge(request),
        (outcome) => outcome.status,
      ),
    lookup: (key) =>
      timed(
        'lookup',
        () => gateway.lookup(key),
        (found) => found.status,
      ),
    refund: (request) =>
      timed(
        'refund',
        () => gateway.refund(request),
        () => 'refunded',
      ),
  };
}
