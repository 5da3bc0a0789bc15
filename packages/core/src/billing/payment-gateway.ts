import type { Result } from '../kernel/result.js';
import type { PaymentGatewayUnavailable } from './invoice-errors.js';
import type { Money } from '../kernel/money.js';

export interface ChargeRequest {
  /** The same key never charges twice, however often it is sent. */
  readonly idempotencyKey: string;
  readonly invoiceId: string;
  readonly customerId: string;
  readonly amount: Money;
}

export type ChargeOutcome =
  { readonly status: 'succeeded'; readonly chargeId: string } | { readonly status: 'declined'; readonly reason: string };

/**
 * Port: the payment provider. A decline is final and a value; a network or provider failure is
 * `PaymentGatewayUnavailable`, which the consumer retries.
 */
export interface PaymentGateway {
  charge(request: ChargeRequest): Promise<Result<ChargeOutcome, PaymentGatewayUnavailable>>;
}
