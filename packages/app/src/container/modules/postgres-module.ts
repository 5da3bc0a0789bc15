import {
  OUTBOX_CHANNEL,
  PgIdempotencyKeySweeper,
  PgInboxRetentionSweeper,
  PgNotificationListener,
  PgOutboxRetentionSweeper,
  PgOutboxStore,
  PgPasswordResetSweeper,
  PgRateLimiter,
  PgRateLimitSweeper,
  PgRefreshTokenSweeper,
  PgSessionInvalidations,
  PgUnitOfWork,
  PostgresDatabase,
  SESSIONS_CHANNEL,
} from '@hexabill/adapter-postgres';
import { ContainerModule } from 'inversify';
import { tracesExporterOf, type Config } from '../../config/config-schema.js';
import { tracedUnitOfWork } from '@hexabill/adapter-opentelemetry';
import { TOKENS } from '../tokens.js';

const DAY_SECONDS = 24 * 3600;

function databaseUrl(config: Config): string {
  if (!config.DATABASE_URL) throw new Error('DATABASE_URL is not set.');
  return config.DATABASE_URL;
}

/**
 * PostgreSQL: the pool, the unit of work, the outbox, the rate limiter, the session-version
 * notifications and the sweepers.
 */
export function postgresModule(config: Config): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(TOKENS.database)
      .toDynamicValue((ctx) => {
        const logger = ctx.get(TOKENS.logger);
        return new PostgresDatabase({
          connectionString: databaseUrl(config),
          poolMax: config.DATABASE_POOL_MAX,
          onIdleError: (error) => {
            logger.warn('database connection lost', { error: error.message });
          },
          // Once per outage, not once per request: each request meanwhile is answered 503.
          onAvailabilityChange: (available, error) => {
            if (available) logger.warn('database available again', {});
            else logger.warn('database unavailable; requests that need it are answered 503 until it is back', { error: error?.message });
          },
        });
      })
      .onDeactivation((database) => database.close());
    bind(TOKENS.uow).toDynamicValue((ctx) => {
      const uow = new PgUnitOfWork(ctx.get(TOKENS.database), ctx.get(TOKENS.ids), ctx.get(TOKENS.clock));
      // With tracing on, each transaction is a span (its outbox rows carry the span's traceparent).
      return tracesExporterOf(config) === 'none' ? uow : tracedUnitOfWork(uow);
    });
    bind(TOKENS.loginLimiter).toDynamicValue((ctx) => new PgRateLimiter(ctx.get(TOKENS.database)));
    bind(TOKENS.outboxListener)
      .toDynamicValue((ctx) => {
        const logger = ctx.get(TOKENS.logger);
        return new PgNotificationListener(databaseUrl(config), OUTBOX_CHANNEL, (error) => {
          logger.warn('outbox notification connection lost; reconnecting', { error: error.message });
        });
      })
      .onDeactivation((listener) => listener.close());
    bind(TOKENS.outboxStore).toDynamicValue((ctx) => new PgOutboxStore(ctx.get(TOKENS.database), ctx.get(TOKENS.outboxListener)));
    bind(TOKENS.sessionInvalidations)
      .toDynamicValue((ctx) => {
        const logger = ctx.get(TOKENS.logger);
        const listener = new PgNotificationListener(databaseUrl(config), SESSIONS_CHANNEL, (error) => {
          logger.warn('session notification connection lost; reconnecting', { error: error.message });
        });
        return new PgSessionInvalidations(listener, ctx.get(TOKENS.sessionVersions));
      })
      .onDeactivation((invalidations) => invalidations.close());
    bind(TOKENS.sweepers).toDynamicValue((ctx) => {
      const database = ctx.get(TOKENS.database);
      const retention = { batchSize: config.RETENTION_BATCH_SIZE, budgetMs: config.RETENTION_SWEEP_BUDGET_MS };
      return [
        new PgIdempotencyKeySweeper(database),
        new PgRateLimitSweeper(database),
        new PgOutboxRetentionSweeper(database, { ...retention, windowSeconds: config.OUTBOX_RETENTION_DAYS * DAY_SECONDS }),
        new PgInboxRetentionSweeper(database, { ...retention, windowSeconds: config.INBOX_RETENTION_DAYS * DAY_SECONDS }),
        // A day past their end: long enough to read in an investigation, then they only take space.
        new PgRefreshTokenSweeper(database, { ...retention, windowSeconds: DAY_SECONDS }),
        new PgPasswordResetSweeper(database, { ...retention, windowSeconds: DAY_SECONDS }),
      ];
    });
  });
}
