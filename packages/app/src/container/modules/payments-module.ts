import { HttpPaymentGateway, SimulatedPaymentGateway } from '@hexabill/adapter-payment-provider';
import { ContainerModule } from 'inversify';
import type { Config } from '../../config/config-schema.js';
import { TOKENS } from '../tokens.js';

export function paymentsModule(config: Config): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(TOKENS.gateway).toDynamicValue(() =>
      config.PAYMENT_GATEWAY === 'http' && config.PAYMENT_GATEWAY_URL
        ? new HttpPaymentGateway(config.PAYMENT_GATEWAY_URL, {
            timeoutMs: config.PAYMENT_GATEWAY_TIMEOUT_MS,
            breakAfterFailures: config.PAYMENT_GATEWAY_BREAKER_FAILURES,
            halfOpenAfterMs: config.PAYMENT_GATEWAY_BREAKER_HALF_OPEN_MS,
          })
        : new SimulatedPaymentGateway({ latencyMs: config.SIMULATED_GATEWAY_LATENCY_MS, failFirst: config.SIMULATED_GATEWAY_FAIL_FIRST }),
    );
  });
}
