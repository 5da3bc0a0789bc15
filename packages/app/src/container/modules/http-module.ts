import { clientAddressOf, createHttpApp } from '@hexabill/adapter-http';
import { ContainerModule } from 'inversify';
import { tracesExporterOf, type Config } from '../../config/config-schema.js';
import { TOKENS } from '../tokens.js';

const READINESS_TIMEOUT_MS = 2_000;

/** The HTTP API on Hono, and the readiness it reports (the database answers, and we are not draining). */
export function httpModule(config: Config): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(TOKENS.draining).toConstantValue({ value: false });
    bind(TOKENS.readiness).toDynamicValue((ctx) => {
      const database = ctx.get(TOKENS.database);
      const draining = ctx.get(TOKENS.draining);
      const timeout = (): Promise<boolean> => new Promise((resolve) => setTimeout(resolve, READINESS_TIMEOUT_MS, false).unref());
      return () => (draining.value ? Promise.resolve(false) : Promise.race([database.isReachable(), timeout()]));
    });
    bind(TOKENS.httpApp).toDynamicValue((ctx) =>
      createHttpApp({
        useCases: ctx.get(TOKENS.useCases),
        logger: ctx.get(TOKENS.logger),
        readiness: ctx.get(TOKENS.readiness),
        observeRequest: ctx.get(TOKENS.observeRequest),
        options: {
          corsOrigins: config.CORS_ORIGINS,
          bodyLimitBytes: config.BODY_LIMIT_BYTES,
          idempotencyTtlSeconds: config.IDEMPOTENCY_KEY_TTL_SECONDS,
          // Cursors must verify on every API instance; the JWT secret is shared by all of them (HMAC keys are domain-separated).
          cursorSecret: config.JWT_SECRET,
          clientAddress: clientAddressOf({ proxies: config.TRUSTED_PROXIES, header: config.TRUSTED_PROXY_HEADER }),
          tracing: tracesExporterOf(config) !== 'none',
        },
      }),
    );
  });
}
