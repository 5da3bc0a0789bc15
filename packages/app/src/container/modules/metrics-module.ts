import { tableSizes } from '@hexabill/adapter-postgres';
import {
  Registry,
  registerHandlerMetrics,
  registerHousekeepingMetrics,
  registerHttpMetrics,
  registerPaymentMetrics,
  registerPoolMetrics,
  registerProcessMetrics,
  registerRelayMetrics,
} from '@hexabill/adapter-prometheus';
import { ContainerModule } from 'inversify';
import type { Config } from '../../config/config-schema.js';
import { MetricsEndpoint } from '../../runtime/metrics-endpoint.js';
import { TOKENS } from '../tokens.js';

/** Prometheus: one registry per process, served on METRICS_PORT (never on the API's port). */
export function metricsModule(config: Config): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(TOKENS.metricsRegistry).toDynamicValue((ctx) => {
      const registry = new Registry();
      registerProcessMetrics(registry);
      registerPoolMetrics(registry, ctx.get(TOKENS.database));
      return registry;
    });
    bind(TOKENS.observeGatewayCall).toDynamicValue((ctx) => registerPaymentMetrics(ctx.get(TOKENS.metricsRegistry)));
    bind(TOKENS.observeHandlerRun).toDynamicValue((ctx) => registerHandlerMetrics(ctx.get(TOKENS.metricsRegistry)));
    bind(TOKENS.observePublishRound).toDynamicValue((ctx) => registerRelayMetrics(ctx.get(TOKENS.metricsRegistry)));
    bind(TOKENS.observeRequest).toDynamicValue((ctx) => registerHttpMetrics(ctx.get(TOKENS.metricsRegistry)));
    bind(TOKENS.observeSweep).toDynamicValue((ctx) => {
      const database = ctx.get(TOKENS.database);
      return registerHousekeepingMetrics(ctx.get(TOKENS.metricsRegistry), { tableSizes: () => tableSizes(database) });
    });
    bind(TOKENS.metricsEndpoint)
      .toDynamicValue((ctx) => new MetricsEndpoint(ctx.get(TOKENS.metricsRegistry), config.HOST, config.METRICS_PORT))
      .onDeactivation((endpoint) => endpoint.stop());
  });
}
