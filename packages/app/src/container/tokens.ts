import type {
  AwsClients,
  CloudWatchOutboxLagReport,
  DeadLetterQueues,
  ProvisionedTopology,
  SqsWorker,
  TopologyDefinition,
} from '@hexabill/adapter-aws';
import type { HttpApp } from '@hexabill/adapter-http';
import type { PgNotificationListener, PgOutboxStore, PgSessionInvalidations, PostgresDatabase } from '@hexabill/adapter-postgres';
import type { Registry, RequestObservation } from '@hexabill/adapter-prometheus';
import type {
  AccessTokenVerifier,
  Clock,
  EventHandler,
  GatewayCall,
  HandlerRun,
  HexabillUnitOfWork,
  Housekeeping,
  IdGenerator,
  Logger,
  Mailer,
  OpaqueTokens,
  OutboxRelay,
  PasswordHasher,
  PaymentGateway,
  PaymentReconciler,
  PublishRound,
  RateLimiter,
  SessionVersionCache,
  Sweeper,
  TokenIssuer,
  UseCases,
} from '@hexabill/core';
import type { ServiceIdentifier } from 'inversify';
import type { Config } from '../config/config-schema.js';
import type { Api } from '../runtime/api.js';
import type { MetricsEndpoint } from '../runtime/metrics-endpoint.js';
import type { Worker } from '../runtime/worker.js';

function token<T>(name: string): ServiceIdentifier<T> {
  return Symbol.for(`hexabill.${name}`);
}

/** Every binding of the composition root, by explicit token, grouped by the module that binds it. */
export const TOKENS = {
  // core
  config: token<Config>('config'),
  clock: token<Clock>('clock'),
  ids: token<IdGenerator>('ids'),
  useCases: token<UseCases>('useCases'),
  eventHandlers: token<EventHandler[]>('eventHandlers'),
  housekeeping: token<Housekeeping>('housekeeping'),
  reconciler: token<PaymentReconciler>('reconciler'),
  /** Each user's session version, cached in this process (what access tokens are checked against). */
  sessionVersions: token<SessionVersionCache>('sessionVersions'),
  // logging (tslog)
  logger: token<Logger>('logger'),
  // PostgreSQL
  database: token<PostgresDatabase>('database'),
  uow: token<HexabillUnitOfWork>('uow'),
  loginLimiter: token<RateLimiter>('loginLimiter'),
  outboxListener: token<PgNotificationListener>('outboxListener'),
  outboxStore: token<PgOutboxStore>('outboxStore'),
  /** Forgets cached session versions that another instance changed (LISTEN hexabill_sessions). */
  sessionInvalidations: token<PgSessionInvalidations>('sessionInvalidations'),
  sweepers: token<Sweeper[]>('sweepers'),
  // node:crypto
  hasher: token<PasswordHasher>('hasher'),
  tokenIssuer: token<TokenIssuer>('tokenIssuer'),
  tokenVerifier: token<AccessTokenVerifier>('tokenVerifier'),
  opaqueTokens: token<OpaqueTokens>('opaqueTokens'),
  // e-mail
  mailer: token<Mailer>('mailer'),
  // payment provider
  gateway: token<PaymentGateway>('gateway'),
  // HTTP
  httpApp: token<HttpApp>('httpApp'),
  /** Set when shutdown begins, so readiness fails and load balancers stop sending traffic. */
  draining: token<{ value: boolean }>('draining'),
  readiness: token<() => Promise<boolean>>('readiness'),
  // AWS
  awsClients: token<AwsClients>('awsClients'),
  topologyDefinition: token<TopologyDefinition>('topologyDefinition'),
  topology: token<ProvisionedTopology>('topology'),
  relay: token<OutboxRelay>('relay'),
  sqsWorker: token<SqsWorker>('sqsWorker'),
  outboxLagReport: token<CloudWatchOutboxLagReport>('outboxLagReport'),
  deadLetterQueues: token<DeadLetterQueues>('deadLetterQueues'),
  // Prometheus
  metricsRegistry: token<Registry>('metricsRegistry'),
  observeRequest: token<(observation: RequestObservation) => void>('observeRequest'),
  observeSweep: token<(table: string, rows: number) => void>('observeSweep'),
  observeGatewayCall: token<(call: GatewayCall) => void>('observeGatewayCall'),
  observeHandlerRun: token<(run: HandlerRun) => void>('observeHandlerRun'),
  observePublishRound: token<(round: PublishRound) => void>('observePublishRound'),
  metricsEndpoint: token<MetricsEndpoint>('metricsEndpoint'),
  // what the entrypoints run
  api: token<Api>('api'),
  worker: token<Worker>('worker'),
} as const;
