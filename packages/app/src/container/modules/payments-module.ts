import { HttpPaymentGateway, SimulatedPaymentGateway } from '@hexabill/adapter-payment-provider';
import { observedPaymentGateway, type PaymentGateway } from '@hexabill/core';
import { ContainerModule } from 'inversify';
import { tracesExporterOf, type Config } from '../../config/config-schema.js';
import { tracedPaymentGateway } from '@hexabill/adapter-opentelemetry';
import { TOKENS } from '../tokens.js';

export function paymentsModule(config: Config): ContainerModule {
  return new ContainerModule(({ bind }) => {
    // Every call reported to the metrics: payments by result, the provider's latency.
    // With tracing on, each call is a span too.
    bind(TOKENS.gateway).toDynamicValue((ctx) => {
      const observed = observedPaymentGateway(provider(config), ctx.get(TOKENS.observeGatewayCall), () => performance.now());
      return tracesExporterOf(config) === 'none' ? observed : tracedPaymentGateway(observed);
    });
  });
}

function provider(config: Config): PaymentGateway {
  return config.PAYMENT_GATEWAY === 'http' && config.PAYMENT_GATEWAY_URL
    ? new HttpPaymentGateway(config.PAYMENT_GATEWAY_URL, {
        timeoutMs: config.PAYMENT_GATEWAY_TIMEOUT_MS,
        breakAfterFailures: config.PAYMENT_GATEWAY_BREAKER_FAILURES,
        halfOpenAfterMs: config.PAYMENT_GATEWAY_BREAKER_HALF_OPEN_MS,
      })
    : new SimulatedPaymentGateway({ latencyMs: config.SIMULATED_GATEWAY_LATENCY_MS, failFirst: config.SIMULATED_GATEWAY_FAIL_FIRST });
}
