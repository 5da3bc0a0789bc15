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

/** What the provider knows of an idempotency key: the outcome of the charge made with it, or that none was made. */
export type ChargeLookup = ChargeOutcome | { readonly status: 'not_found' };

export interface RefundRequest {
  readonly chargeId: string;
  /** The same key never refunds twice. */
  readonly idempotencyKey: string;
  readonly amount: Money;
}

export interface RefundReceipt {
  readonly refundId: string;
}

/**
 * Port: the payment provider. A decline is final and a value; a network or provider failure is
 * `PaymentGatewayUnavailable`, which callers retry later with the same key.
 *
 * `lookup` is what makes a charge whose answer was lost (a worker killed mid-call, a timeout)
 * settle anyway: it must see every charge `charge` has made with the key, as soon as `charge`
 * has answered. `refund` gives back a charge that has no invoice left to settle.
 */
export interface PaymentGateway {
  charge(request: ChargeRequest): Promise<Result<ChargeOutcome, PaymentGatewayUnavailable>>;
  lookup(idempotencyKey: string): Promise<Result<ChargeLookup, PaymentGatewayUnavailable>>;
  refund(request: RefundRequest): Promise<Result<RefundReceipt, PaymentGatewayUnavailable>>;
}
