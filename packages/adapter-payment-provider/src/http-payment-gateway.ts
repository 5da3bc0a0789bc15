import { BillingErrors, err, ok } from '@hexabill/core';
import type { ChargeOutcome, ChargeRequest, PaymentGateway, PaymentGatewayUnavailable, Result } from '@hexabill/core';

/**
 * A payment provider behind a small JSON API, in the style of Stripe:
 * `POST {baseUrl}/charges` with an `Idempotency-Key` header and
 * `{ invoice_id, customer_id, amount, currency }`. 2xx `{ charge_id }` is a success, 402
 * `{ reason }` a decline; anything else — other statuses, timeouts, network errors — is
 * "unavailable", which the worker retries with the same key.
 */
export class HttpPaymentGateway implements PaymentGateway {
  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs: number,
  ) {}

  async charge(request: ChargeRequest): Promise<Result<ChargeOutcome, PaymentGatewayUnavailable>> {
    let response: Response;
    try {
      response = await fetch(new URL('charges', this.baseUrl.endsWith('/') ? this.baseUrl : `${this.baseUrl}/`), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Idempotency-Key': request.idempotencyKey },
        body: JSON.stringify({
          invoice_id: request.invoiceId,
          customer_id: request.customerId,
          amount: request.amount.toDecimalString(),
          currency: request.amount.currency,
        }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      return err(BillingErrors.paymentGatewayUnavailable(error instanceof Error ? error.message : String(error)));
    }
    const body = (await response.json().catch(() => ({}))) as { charge_id?: unknown; reason?: unknown };
    if (response.ok && typeof body.charge_id === 'string') return ok({ status: 'succeeded', chargeId: body.charge_id });
    if (response.status === 402) return ok({ status: 'declined', reason: typeof body.reason === 'string' ? body.reason : 'declined' });
    return err(BillingErrors.paymentGatewayUnavailable(`HTTP ${response.status}`));
  }
}
