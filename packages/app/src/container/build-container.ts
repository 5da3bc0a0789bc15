import { createEventHandlers, createUseCases, EVENT_CONSUMERS, OutboxRelay, systemClock, UuidV7Generator } from '@hexabill/core';
import { createAwsClients, defineTopology, lookupTopology, provisionTopology, SnsMessagePublisher, SqsWorker } from '@hexabill/adapter-aws';
import { createHttpApp, JwtTokenService, ScryptPasswordHasher } from '@hexabill/adapter-http';
import {
  createKnex,
  isDatabaseReachable,
  KnexIdempotencyKeyCleaner,
  KnexOutboxStore,
  KnexRateLimiter,
  KnexUnitOfWork,
  OUTBOX_CHANNEL,
  PgNotificationListener,
} from '@hexabill/adapter-postgres';
import { getConnInfo } from '@hono/node-server/conninfo';
import { Container } from 'inversify';
import type { Config } from '../config/config-schema.js';
import { TslogLogger } from '../logging/tslog-logger.js';
import { createApiMetrics } from '../metrics/metrics.js';
import { HttpPaymentGateway } from '../payment/http-payment-gateway.js';
import { SimulatedPaymentGateway } from '../payment/simulated-payment-gateway.js';
import { TOKENS } from './tokens.js';

const READINESS_TIMEOUT_MS = 2_000;

function requireDatabaseUrl(config: Config): string {
  if (!config.DATABASE_URL) throw new Error('DATABASE_URL is not set.');
  return config.DATABASE_URL;
}

/**
 * The composition root: every port bound to its adapter, by explicit token, each built lazily by
 * a factory (core classes carry no decorators). `overrides` may rebind any token — a test swaps a
 * port for a fake with `container.rebind(TOKENS.gateway).toConstantValue(fake)`.
 */
export function buildContainer(config: Config, overrides?: (container: Container) => void): Container {
  const c = new Container({ defaultScope: 'Singleton' });

  c.bind(TOKENS.config).toConstantValue(config);
  c.bind(TOKENS.logger).toDynamicValue(() => new TslogLogger('hexabill', config.LOG_LEVEL));
  c.bind(TOKENS.clock).toConstantValue(systemClock);
  c.bind(TOKENS.ids).toDynamicValue(() => new UuidV7Generator());

  c.bind(TOKENS.knex).toDynamicValue((ctx) => {
    const logger = ctx.get(TOKENS.logger);
    return createKnex({
      connectionString: requireDatabaseUrl(config),
      poolMax: config.DATABASE_POOL_MAX,
      onPoolError: (error) => {
        logger.warn('database connection lost', { error: error.message });
      },
    });
  });
  c.bind(TOKENS.uow).toDynamicValue((ctx) => new KnexUnitOfWork(ctx.get(TOKENS.knex), ctx.get(TOKENS.ids), ctx.get(TOKENS.clock)));
  c.bind(TOKENS.hasher).toDynamicValue(() => new ScryptPasswordHasher({ log2N: config.SCRYPT_LOG2N, r: 8, p: 1 }));
  c.bind(TOKENS.jwt).toDynamicValue(
    () =>
      new JwtTokenService({
        secret: config.JWT_SECRET,
        issuer: config.JWT_ISSUER,
        audience: config.JWT_AUDIENCE,
        ttlSeconds: config.JWT_TTL_SECONDS,
      }),
  );
  c.bind(TOKENS.gateway).toDynamicValue(() =>
    config.PAYMENT_GATEWAY === 'http' && config.PAYMENT_GATEWAY_URL
      ? new HttpPaymentGateway(config.PAYMENT_GATEWAY_URL, config.PAYMENT_GATEWAY_TIMEOUT_MS)
      : new SimulatedPaymentGateway({ latencyMs: config.SIMULATED_GATEWAY_LATENCY_MS, failFirst: config.SIMULATED_GATEWAY_FAIL_FIRST }),
  );

  c.bind(TOKENS.useCases).toDynamicValue((ctx) =>
    createUseCases({
      uow: ctx.get(TOKENS.uow),
      hasher: ctx.get(TOKENS.hasher),
      tokens: ctx.get(TOKENS.jwt),
      ids: ctx.get(TOKENS.ids),
      clock: ctx.get(TOKENS.clock),
    }),
  );
  c.bind(TOKENS.eventHandlers).toDynamicValue((ctx) =>
    createEventHandlers({
      uow: ctx.get(TOKENS.uow),
      gateway: ctx.get(TOKENS.gateway),
      clock: ctx.get(TOKENS.clock),
      logger: ctx.get(TOKENS.logger),
    }),
  );

  c.bind(TOKENS.draining).toConstantValue({ value: false });
  c.bind(TOKENS.readiness).toDynamicValue((ctx) => {
    const knex = ctx.get(TOKENS.knex);
    const draining = ctx.get(TOKENS.draining);
    return () =>
      draining.value
        ? Promise.resolve(false)
        : Promise.race([
            isDatabaseReachable(knex),
            new Promise<boolean>((resolve) =>
              setTimeout(() => {
                resolve(false);
              }, READINESS_TIMEOUT_MS).unref(),
            ),
          ]);
  });
  c.bind(TOKENS.rateLimiter).toDynamicValue((ctx) => new KnexRateLimiter(ctx.get(TOKENS.knex)));
  c.bind(TOKENS.apiMetrics).toDynamicValue((ctx) => createApiMetrics(ctx.get(TOKENS.knex)));
  c.bind(TOKENS.httpApp).toDynamicValue((ctx) => {
    const metrics = ctx.get(TOKENS.apiMetrics);
    const app = createHttpApp({
      useCases: ctx.get(TOKENS.useCases),
      tokens: ctx.get(TOKENS.jwt),
      logger: ctx.get(TOKENS.logger),
      readiness: ctx.get(TOKENS.readiness),
      observeRequest: (o) => {
        metrics.observe(o);
      },
      loginRateLimits: {
        limiter: ctx.get(TOKENS.rateLimiter),
        perAccount: { limit: config.LOGIN_MAX_ATTEMPTS_PER_ACCOUNT, windowSeconds: config.LOGIN_RATE_WINDOW_SECONDS },
        perAddress: { limit: config.LOGIN_MAX_ATTEMPTS_PER_ADDRESS, windowSeconds: config.LOGIN_RATE_WINDOW_SECONDS },
      },
      options: {
        corsOrigins: config.CORS_ORIGINS,
        bodyLimitBytes: config.BODY_LIMIT_BYTES,
        idempotencyTtlSeconds: config.IDEMPOTENCY_KEY_TTL_SECONDS,
        // The socket's peer. Behind a proxy every caller shares its address; the per-account limit still holds.
        clientAddress: (c) => {
          try {
            return getConnInfo(c).remote.address;
          } catch {
            return undefined;
          }
        },
      },
    });
    app.get('/metrics', async (c) => c.text(await metrics.registry.metrics(), 200, { 'Content-Type': metrics.registry.contentType }));
    return app;
  });

  c.bind(TOKENS.outboxListener).toDynamicValue((ctx) => {
    const logger = ctx.get(TOKENS.logger);
    return new PgNotificationListener(requireDatabaseUrl(config), OUTBOX_CHANNEL, (error) => {
      logger.warn('outbox notification connection lost; reconnecting', { error: error.message });
    });
  });
  c.bind(TOKENS.outboxStore).toDynamicValue((ctx) => new KnexOutboxStore(ctx.get(TOKENS.knex), ctx.get(TOKENS.outboxListener)));
  c.bind(TOKENS.idempotencyCleaner).toDynamicValue((ctx) => new KnexIdempotencyKeyCleaner(ctx.get(TOKENS.knex)));

  c.bind(TOKENS.awsClients).toDynamicValue(() =>
    createAwsClients({
      region: config.AWS_REGION,
      ...(config.AWS_ENDPOINT ? { endpoint: config.AWS_ENDPOINT } : {}),
      ...(config.AWS_ACCESS_KEY_ID && config.AWS_SECRET_ACCESS_KEY
        ? { credentials: { accessKeyId: config.AWS_ACCESS_KEY_ID, secretAccessKey: config.AWS_SECRET_ACCESS_KEY } }
        : {}),
    }),
  );
  c.bind(TOKENS.topology).toDynamicValue(async (ctx) => {
    const clients = ctx.get(TOKENS.awsClients);
    const definition = defineTopology(Object.values(EVENT_CONSUMERS), {
      prefix: config.MESSAGING_PREFIX,
      maxReceiveCount: config.SQS_MAX_RECEIVE_COUNT,
      visibilityTimeoutSeconds: config.SQS_VISIBILITY_TIMEOUT_SECONDS,
    });
    const provision = config.MESSAGING_PROVISION ?? config.NODE_ENV !== 'production';
    if (provision) return provisionTopology(clients, definition);
    if (!config.SNS_TOPIC_ARN) throw new Error('SNS_TOPIC_ARN is required when MESSAGING_PROVISION=false.');
    return lookupTopology(clients, definition, config.SNS_TOPIC_ARN);
  });
  c.bind(TOKENS.relay).toDynamicValue(async (ctx) => {
    const topology = await ctx.getAsync(TOKENS.topology);
    return new OutboxRelay(
      ctx.get(TOKENS.outboxStore),
      new SnsMessagePublisher(ctx.get(TOKENS.awsClients).sns, topology.topicArn),
      ctx.get(TOKENS.clock),
      ctx.get(TOKENS.logger),
      { batchSize: config.RELAY_BATCH_SIZE, idleWaitMs: config.RELAY_IDLE_WAIT_MS },
    );
  });
  c.bind(TOKENS.sqsWorker).toDynamicValue(async (ctx) => {
    const topology = await ctx.getAsync(TOKENS.topology);
    return new SqsWorker(ctx.get(TOKENS.awsClients).sqs, topology.queues, ctx.get(TOKENS.eventHandlers), ctx.get(TOKENS.logger), {
      batchSize: config.SQS_BATCH_SIZE,
      waitTimeSeconds: config.SQS_WAIT_TIME_SECONDS,
      visibilityTimeoutSeconds: config.SQS_VISIBILITY_TIMEOUT_SECONDS,
      heartbeatIntervalSeconds: config.SQS_HEARTBEAT_SECONDS,
      stopTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
      pollers: config.SQS_POLLERS,
    });
  });

  overrides?.(c);
  return c;
}
