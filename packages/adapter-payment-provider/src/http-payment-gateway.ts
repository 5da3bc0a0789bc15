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
import { circuitBreaker, CircuitState, ConsecutiveBreaker, handleWhen, isBrokenCircuitError, type CircuitBreakerPolicy } from 'cockatiel';

export interface HttpPaymentGatewaySettings {
  /** How long one call may take before it counts as unavailable. */
  readonly timeoutMs: number;
  /** Consecutive unavailable answers after which the circuit opens (default 5). */
  readonly breakAfterFailures?: number;
  /** How long an open circuit answers at once, without calling, before one call may test the provider (default 10 s). */
  readonly halfOpenAfterMs?: number;
}

/** Carries an unavailable answer through the circuit breaker, which counts it as a failure. */
class ProviderUnavailable extends Error {
  constructor(readonly failure: PaymentGatewayUnavailable) {
    super(failure.message);
  }
}

type Answer<T> = Result<T, PaymentGatewayUnavailable>;

/**
 * A payment provider behind a small JSON API, in the style of Stripe:
 * - `POST {baseUrl}/charges` with an `Idempotency-Key` header and
 *   `{ invoice_id, customer_id, amount, currency }`: 2xx `{ charge_id }` is a success, 402 `{ reason }`
 *   a decline;
 * - `GET {baseUrl}/charges/{idempotency key}`: the same answer the charge with that key got, or 404
 *   when no charge was made with it;
 * - `POST {baseUrl}/refunds` with an `Idempotency-Key` header and `{ charge_id, amount, currency }`:
 *   2xx `{ refund_id }`.
 * Anything else — other statuses, timeouts, network errors — is "unavailable", which callers retry
 * with the same key. A circuit breaker sits in front: after `breakAfterFailures` unavailable answers
 * in a row, calls are answered "unavailable" at once, without waiting for a timeout, until a test
 * call after `halfOpenAfterMs` gets through.
 */
export class HttpPaymentGateway implements PaymentGateway {
  readonly #base: string;
  readonly #breaker: CircuitBreakerPolicy;

  constructor(
    baseUrl: string,
    private readonly settings: HttpPaymentGatewaySettings,
  ) {
    this.#base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
    this.#breaker = circuitBreaker(
      handleWhen((error) => error instanceof ProviderUnavailable),
      { halfOpenAfter: settings.halfOpenAfterMs ?? 10_000, breaker: new ConsecutiveBreaker(settings.breakAfterFailures ?? 5) },
    );
  }

  /** Whether calls are being refused without reaching the provider. */
  get circuitOpen(): boolean {
    return this.#breaker.state === CircuitState.Open;
  }

  charge(request: ChargeRequest): Promise<Answer<ChargeOutcome>> {
    return this.#guarded(async () => {
      const sent = await this.#send('charges', 'POST', request.idempotencyKey, {
        invoice_id: request.invoiceId,
        customer_id: request.customerId,
        amount: request.amount.toDecimalString(),
        currency: request.amount.currency,
      });
      if (sent.isErr()) return err(sent.error);
      const outcome = outcomeOf(sent.value.status, sent.value.body);
      return outcome ? ok(outcome) : err(unavailable(sent.value.status));
    });
  }

  lookup(idempotencyKey: string): Promise<Answer<ChargeLookup>> {
    return this.#guarded(async () => {
      const sent = await this.#send(`charges/${encodeURIComponent(idempotencyKey)}`, 'GET');
      if (sent.isErr()) return err(sent.error);
      if (sent.value.status === 404) return ok({ status: 'not_found' as const });
      const outcome = outcomeOf(sent.value.status, sent.value.body);
      return outcome ? ok(outcome) : err(unavailable(sent.value.status));
    });
  }

  refund(request: RefundRequest): Promise<Answer<RefundReceipt>> {
    return this.#guarded(async () => {
      const sent = await this.#send('refunds', 'POST', request.idempotencyKey, {
        charge_id: request.chargeId,
        amount: request.amount.toDecimalString(),
        currency: request.amount.currency,
      });
      if (sent.isErr()) return err(sent.error);
      const { status, body } = sent.value;
      return status >= 200 && status < 300 && typeof body.refund_id === 'string'
        ? ok({ refundId: body.refund_id })
        : err(unavailable(status));
    });
  }

  /** Runs a call through the circuit breaker: unavailable answers count against it, an open circuit answers at once. */
  async #guarded<T>(call: () => Promise<Answer<T>>): Promise<Answer<T>> {
    try {
      return await this.#breaker.execute(async () => {
        const answer = await call();
        if (answer.isErr()) throw new ProviderUnavailable(answer.error);
        return answer;
      });
    } catch (error) {
      if (error instanceof ProviderUnavailable) return err(error.failure);
      if (isBrokenCircuitError(error)) {
        return err(BillingErrors.paymentGatewayUnavailable('circuit open after repeated failures; not calling the provider for now'));
      }
      throw error;
    }
  }

  async #send(
    path: string,
    method: 'GET' | 'POST',
    idempotencyKey?: string,
    body?: object,
  ): Promise<Answer<{ status: number; body: Record<string, unknown> }>> {
    let response: Response;
    try {
      response = await fetch(new URL(path, this.#base), {
        method,
        headers: {
          ...(body ? { 'Content-Type': 'application/json' } : {}),
          ...(idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(this.settings.timeoutMs),
      });
    } catch (error) {
      return err(BillingErrors.paymentGatewayUnavailable(error instanceof Error ? error.message : String(error)));
    }
    const parsed: unknown = await response.json().catch(() => ({}));
    return ok({ status: response.status, body: typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {} });
  }
}

/** A charge's answer: 2xx with a charge id is a success, 402 a decline; anything else is no answer. */
function outcomeOf(status: number, body: Record<string, unknown>): ChargeOutcome | undefined {
  if (status >= 200 && status < 300 && typeof body.charge_id === 'string') return { status: 'succeeded', chargeId: body.charge_id };
  if (status === 402) return { status: 'declined', reason: typeof body.reason === 'string' ? body.reason : 'declined' };
  return undefined;
}

const unavailable = (status: number): PaymentGatewayUnavailable => BillingErrors.paymentGatewayUnavailable(`HTTP ${String(status)}`);
