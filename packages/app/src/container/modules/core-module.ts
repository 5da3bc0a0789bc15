import {
  createEventHandlers,
  createUseCases,
  Housekeeping,
  observedEventHandlers,
  PaymentReconciler,
  PaymentReconciliation,
  SessionVersionCache,
  systemClock,
  UuidV7Generator,
  type PaymentTimings,
  type UseCases,
} from '@hexabill/core';
import { ContainerModule } from 'inversify';
import { passwordResetUrl } from '../../config/check-mail.js';
import { tracesExporterOf, type Config } from '../../config/config-schema.js';
import { tracedUseCases } from '@hexabill/adapter-opentelemetry';
import { TOKENS } from '../tokens.js';

/** The core: clock, ids, use cases, event handlers, housekeeping and the payment reconciler, built on whatever ports are bound. */
export function coreModule(config: Config): ContainerModule {
  // With tracing on, each use case runs in a span (a child of the request's).
  const traced = tracesExporterOf(config) === 'none' ? (useCases: UseCases) => useCases : tracedUseCases;
  const timings: PaymentTimings = {
    reconcileAfterMs: config.PAYMENT_RECONCILE_AFTER_SECONDS * 1_000,
    retryAfterMs: config.PAYMENT_RECONCILE_RETRY_SECONDS * 1_000,
  };
  return new ContainerModule(({ bind }) => {
    bind(TOKENS.clock).toConstantValue(systemClock);
    bind(TOKENS.ids).toDynamicValue(() => new UuidV7Generator());
    bind(TOKENS.sessionVersions).toDynamicValue((ctx) => new SessionVersionCache(ctx.get(TOKENS.uow)));
    bind(TOKENS.useCases).toDynamicValue((ctx) =>
      traced(
        createUseCases({
          uow: ctx.get(TOKENS.uow),
          hasher: ctx.get(TOKENS.hasher),
          tokens: ctx.get(TOKENS.tokenIssuer),
          verifier: ctx.get(TOKENS.tokenVerifier),
          opaqueTokens: ctx.get(TOKENS.opaqueTokens),
          sessions: ctx.get(TOKENS.sessionVersions),
          ids: ctx.get(TOKENS.ids),
          clock: ctx.get(TOKENS.clock),
          gateway: ctx.get(TOKENS.gateway),
          logger: ctx.get(TOKENS.logger),
          timings,
          sessionLimits: {
            maxLifetimeSeconds: config.REFRESH_TOKEN_MAX_LIFETIME_SECONDS,
            idleTimeoutSeconds: config.REFRESH_TOKEN_IDLE_TIMEOUT_SECONDS,
          },
          passwordResetTtlSeconds: config.PASSWORD_RESET_TOKEN_TTL_SECONDS,
          resetLimiter: ctx.get(TOKENS.loginLimiter),
          resetLimits: {
            perEmail: { limit: config.PASSWORD_RESET_MAX_PER_EMAIL, windowSeconds: config.PASSWORD_RESET_RATE_WINDOW_SECONDS },
            perClientAddress: { limit: config.PASSWORD_RESET_MAX_PER_ADDRESS, windowSeconds: config.PASSWORD_RESET_RATE_WINDOW_SECONDS },
          },
          loginLimiter: ctx.get(TOKENS.loginLimiter),
          loginLimits: {
            perAccountAndAddress: {
              limit: config.LOGIN_MAX_ATTEMPTS_PER_ACCOUNT_AND_ADDRESS,
              windowSeconds: config.LOGIN_RATE_WINDOW_SECONDS,
            },
            perAddress: { limit: config.LOGIN_MAX_ATTEMPTS_PER_ADDRESS, windowSeconds: config.LOGIN_RATE_WINDOW_SECONDS },
            perAccount: { limit: config.LOGIN_MAX_ATTEMPTS_PER_ACCOUNT, windowSeconds: config.LOGIN_RATE_WINDOW_SECONDS },
          },
        }),
      ),
    );
    // Asynchronous: the mailer is (see the SMTP module).
    bind(TOKENS.eventHandlers).toDynamicValue(async (ctx) =>
      observedEventHandlers(
        createEventHandlers({
          uow: ctx.get(TOKENS.uow),
          gateway: ctx.get(TOKENS.gateway),
          clock: ctx.get(TOKENS.clock),
          logger: ctx.get(TOKENS.logger),
          timings,
          mailer: await ctx.getAsync(TOKENS.mailer),
          opaqueTokens: ctx.get(TOKENS.opaqueTokens),
          passwordResetUrl: passwordResetUrl(config),
        }),
        ctx.get(TOKENS.observeHandlerRun),
        () => performance.now(),
      ),
    );
    bind(TOKENS.reconciler).toDynamicValue(
      (ctx) =>
        new PaymentReconciler(
          new PaymentReconciliation({
            uow: ctx.get(TOKENS.uow),
            gateway: ctx.get(TOKENS.gateway),
            clock: ctx.get(TOKENS.clock),
            logger: ctx.get(TOKENS.logger),
            timings,
          }),
          ctx.get(TOKENS.logger),
        ),
    );
    bind(TOKENS.housekeeping).toDynamicValue(
      (ctx) => new Housekeeping(ctx.get(TOKENS.sweepers), ctx.get(TOKENS.logger), () => new Date(), ctx.get(TOKENS.observeSweep)),
    );
  });
}
