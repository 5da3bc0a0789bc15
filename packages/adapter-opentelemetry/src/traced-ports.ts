import type { PaymentGateway, UnitOfWork, UseCases } from '@hexabill/core';
import { inSpan } from './spans.js';

/**
 * Every use case with its `execute` in a span named `use_case <name>` — a child of the HTTP request's
 * span — so a trace shows which use case a request ran and how long it took. Changes nothing else.
 */
export function tracedUseCases(useCases: UseCases): UseCases {
  const traced: Record<string, unknown> = {};
  for (const [name, useCase] of Object.entries(useCases) as [string, object][]) {
    traced[name] = withMethod(
      useCase,
      'execute',
      (execute) =>
        (...args) =>
          inSpan(`use_case ${name}`, { 'hexabill.use_case': name }, () => execute(...args)),
    );
  }
  return traced as unknown as UseCases;
}

/** The unit of work with each transaction in a span `unit_of_work.transaction` (its statements inside it). */
export function tracedUnitOfWork<U extends UnitOfWork<unknown, unknown>>(uow: U): U {
  return withMethod(
    uow,
    'transaction',
    (transaction) =>
      (...args) =>
        inSpan('unit_of_work.transaction', {}, () => transaction(...args)),
  );
}

type AnyMethod = (...args: unknown[]) => Promise<unknown>;

/**
 * `target` with one method replaced, everything else its own: a proxy whose methods run on the
 * original object, so classes with private fields keep working.
 */
function withMethod<T extends object>(target: T, name: string, wrap: (original: AnyMethod) => AnyMethod): T {
  const original = (target as Record<string, AnyMethod>)[name];
  if (typeof original !== 'function') throw new Error(`no method ${name} to trace`);
  const replaced = wrap(original.bind(target));
  return new Proxy(target, {
    get: (object, property) => {
      if (property === name) return replaced;
      const value: unknown = Reflect.get(object, property, object);
      return typeof value === 'function' ? (value as AnyMethod).bind(object) : value;
    },
  });
}

/** The payment gateway with each call in a client span `payment_gateway.<operation>`. */
export function tracedPaymentGateway(gateway: PaymentGateway): PaymentGateway {
  return {
    charge: (request) =>
      inSpan(
        'payment_gateway.charge',
        { 'hexabill.invoice_id': request.invoiceId, 'hexabill.idempotency_key': request.idempotencyKey },
        () => gateway.charge(request),
      ),
    lookup: (key) => inSpan('payment_gateway.lookup', { 'hexabill.idempotency_key': key }, () => gateway.lookup(key)),
    refund: (request) => inSpan('payment_gateway.refund', {}, () => gateway.refund(request)),
  };
}
