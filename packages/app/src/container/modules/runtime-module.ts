import { registerConsumerMetrics, registerOutboxMetrics } from '@hexabill/adapter-prometheus';
import { ContainerModule } from 'inversify';
import type { Config } from '../../config/config-schema.js';
import { Api } from '../../runtime/api.js';
import { Worker } from '../../runtime/worker.js';
import { TOKENS } from '../tokens.js';

const HOUSEKEEPING_INTERVAL_MS = 10 * 60_000;
const LAG_REPORT_INTERVAL_MS = 60_000;

/** What the entrypoints run: the API and the worker, each resolved once. */
export function runtimeModule(config: Config): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(TOKENS.api).toDynamicValue(
      (ctx) =>
        new Api(
          ctx.get(TOKENS.httpApp),
          ctx.get(TOKENS.draining),
          ctx.get(TOKENS.metricsEndpoint),
          ctx.get(TOKENS.logger),
          { host: config.HOST, port: config.PORT, shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS },
          ctx.get(TOKENS.sessionInvalidations),
        ),
    );
    bind(TOKENS.worker).toDynamicValue(async (ctx) => {
      // Loaded here, not at the top: it reads the SNS/SQS adapter, which the API never loads.
      const { checkInboxRetention } = await import('../../config/check-retention.js');
      checkInboxRetention(config, await ctx.getAsync(TOKENS.topologyDefinition));
      const consumers = await ctx.getAsync(TOKENS.sqsWorker);
      const outbox = ctx.get(TOKENS.outboxStore);
      const registry = ctx.get(TOKENS.metricsRegistry);
      registerConsumerMetrics(registry, consumers);
      registerOutboxMetrics(registry, outbox);
      return new Worker(
        consumers,
        await ctx.getAsync(TOKENS.relay),
        ctx.get(TOKENS.housekeeping),
        ctx.get(TOKENS.reconciler),
        await ctx.getAsync(TOKENS.outboxLagReport),
        ctx.get(TOKENS.metricsEndpoint),
        ctx.get(TOKENS.logger),
        {
          housekeepingIntervalMs: HOUSEKEEPING_INTERVAL_MS,
          lagReportIntervalMs: LAG_REPORT_INTERVAL_MS,
          reconcileIntervalMs: config.PAYMENT_RECONCILE_INTERVAL_MS,
        },
      );
    });
  });
}
