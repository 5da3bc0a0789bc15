import type {
  Clock,
  EventHandler,
  IdGenerator,
  Logger,
  PasswordHasher,
  PaymentGateway,
  RateLimiter,
  UnitOfWork,
  UseCases,
  OutboxRelay,
} from '@hexabill/core';
import type { AwsClients, ProvisionedTopology, SqsWorker } from '@hexabill/adapter-aws';
import type { AppEnv, JwtTokenService } from '@hexabill/adapter-http';
import type { KnexOutboxStore, PgNotificationListener, KnexIdempotencyKeyCleaner } from '@hexabill/adapter-postgres';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { ServiceIdentifier } from 'inversify';
import type { Knex } from 'knex';
import type { Config } from '../config/config-schema.js';
import type { ApiMetrics } from '../metrics/metrics.js';

function token<T>(name: string): ServiceIdentifier<T> {
  return Symbol.for(`hexabill.${name}`);
}

/** Every binding of the composition root, by explicit token. */
export const TOKENS = {
  config: token<Config>('config'),
  logger: token<Logger>('logger'),
  clock: token<Clock>('clock'),
  ids: token<IdGenerator>('ids'),
  knex: token<Knex>('knex'),
  uow: token<UnitOfWork>('uow'),
  hasher: token<PasswordHasher>('hasher'),
  jwt: token<JwtTokenService>('jwt'),
  gateway: token<PaymentGateway>('gateway'),
  useCases: token<UseCases>('useCases'),
  eventHandlers: token<EventHandler[]>('eventHandlers'),
  readiness: token<() => Promise<boolean>>('readiness'),
  rateLimiter: token<RateLimiter>('rateLimiter'),
  apiMetrics: token<ApiMetrics>('apiMetrics'),
  /** Set when shutdown begins, so readiness fails and load balancers stop sending traffic. */
  draining: token<{ value: boolean }>('draining'),
  httpApp: token<OpenAPIHono<AppEnv>>('httpApp'),
  outboxListener: token<PgNotificationListener>('outboxListener'),
  outboxStore: token<KnexOutboxStore>('outboxStore'),
  idempotencyCleaner: token<KnexIdempotencyKeyCleaner>('idempotencyCleaner'),
  awsClients: token<AwsClients>('awsClients'),
  topology: token<ProvisionedTopology>('topology'),
  relay: token<OutboxRelay>('relay'),
  sqsWorker: token<SqsWorker>('sqsWorker'),
} as const;
