import type { AwsClients, SqsWorker } from '@hexabill/adapter-aws';
import { deleteStaleRateLimits, type PgNotificationListener } from '@hexabill/adapter-postgres';
import type { OutboxRelay } from '@hexabill/core';
import type { Container } from 'inversify';
import type { Knex } from 'knex';
import { TOKENS } from '../container/tokens.js';
import { startHttpServer, type RunningHttpServer } from './http-server.js';
import { createWorkerMetrics } from '../metrics/metrics.js';
import { startMetricsServer } from '../metrics/metrics-server.js';

const HOUSEKEEPING_INTERVAL_MS = 10 * 60_000;

export interface RunningApi {
  readonly server: RunningHttpServer;
  stop(): Promise<void>;
}

/** The HTTP API on HOST:PORT. Stopping drains requests in flight, then closes the pool. */
export async function startApi(container: Container, options: { closeDatabase?: boolean } = {}): Promise<RunningApi> {
  const config = container.get(TOKENS.config);
  const app = container.get(TOKENS.httpApp);
  const server = await startHttpServer(app.fetch, config.HOST, config.PORT);
  container.get(TOKENS.logger).info('api listening', { url: server.url });
  return {
    server,
    stop: async () => {
      container.get(TOKENS.draining).value = true;
      await server.close(config.SHUTDOWN_TIMEOUT_MS);
      if (options.closeDatabase !== false) await container.get<Knex>(TOKENS.knex).destroy();
    },
  };
}

export interface RunningWorker {
  readonly consumers: SqsWorker;
  readonly relay: OutboxRelay;
  readonly metricsUrl: string;
  stop(): Promise<void>;
}

/** The SQS consumers and the outbox relay. Stopping lets in-flight messages finish first. */
export async function startWorker(container: Container, options: { closeDatabase?: boolean } = {}): Promise<RunningWorker> {
  const logger = container.get(TOKENS.logger);
  const consumers = await container.getAsync(TOKENS.sqsWorker);
  const relay = await container.getAsync(TOKENS.relay);
  consumers.start();
  relay.start();
  // Housekeeping: expired idempotency keys and finished rate-limit windows.
  const cleaner = container.get(TOKENS.idempotencyCleaner);
  const knex = container.get<Knex>(TOKENS.knex);
  const config = container.get(TOKENS.config);
  const outbox = container.get(TOKENS.outboxStore);
  const metrics = await startMetricsServer(createWorkerMetrics(knex, outbox, consumers), config.HOST, config.METRICS_PORT);
  logger.info('worker metrics listening', { url: metrics.url });
  // Once a minute, the outbox lag as a CloudWatch embedded-metric log line (the CDK stack alarms on it).
  const lagReport = setInterval(() => {
    outbox.lag().then(
      (lag) => {
        logger.info('outbox lag', {
          _aws: {
            Timestamp: Date.now(),
            CloudWatchMetrics: [
              {
                Namespace: 'Hexabill',
                Dimensions: [['Service']],
                Metrics: [
                  { Name: 'OutboxOldestAgeSeconds', Unit: 'Seconds' },
                  { Name: 'OutboxUnpublished', Unit: 'Count' },
                ],
              },
            ],
          },
          Service: 'worker',
          OutboxOldestAgeSeconds: lag.oldestAgeSeconds,
          OutboxUnpublished: lag.unpublished,
        });
      },
      () => undefined,
    );
  }, 60_000);
  lagReport.unref();
  const sweep = setInterval(() => {
    void Promise.all([cleaner.deleteExpired(new Date()), deleteStaleRateLimits(knex, 24 * 3600)]).catch((error: unknown) => {
      logger.warn('housekeeping failed', { error: error instanceof Error ? error.message : String(error) });
    });
  }, HOUSEKEEPING_INTERVAL_MS);
  sweep.unref();
  logger.info('worker started', { consumers: consumers.consumers.map((c) => c.consumer) });
  return {
    consumers,
    relay,
    metricsUrl: metrics.url,
    stop: async () => {
      clearInterval(sweep);
      clearInterval(lagReport);
      await metrics.close();
      await consumers.stop();
      await relay.stop();
      await container.get<PgNotificationListener>(TOKENS.outboxListener).close();
      container.get<AwsClients>(TOKENS.awsClients).destroy();
      if (options.closeDatabase !== false) await container.get<Knex>(TOKENS.knex).destroy();
    },
  };
}
