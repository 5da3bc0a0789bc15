import { OpenAPIHono } from '@hono/zod-openapi';
import { isDependencyUnavailable, KernelErrors, UuidV7Generator, type IdGenerator, type Logger, type UseCases } from '@hexabill/core';
import type { Context, MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import type { ZodError } from 'zod';
import type { AppEnv } from './app-env.js';
import { mountApiRoutes } from './api-routes.js';
import { CursorCodec } from './cursor.js';
import { mountDocs } from './docs/docs.js';
import * as healthRoutes from './health/health.routes.js';
import { edge, type RequestObservation } from './middleware/edge.js';
import { allowedMethods } from './middleware/allowed-methods.js';
import { authenticate } from './middleware/authenticate.js';
import { limitBody } from './middleware/limit-body.js';
import { unsupportedMediaType } from './middleware/require-json.js';
import { domainProblem, problem, UNAVAILABLE_RETRY_AFTER_SECONDS } from './problem/problem.js';
import { jsonResponse } from './response.js';
import { traceRequest } from './middleware/trace-request.js';

export interface HttpAppOptions {
  /** Origins allowed to call the API from a browser; none by default. */
  readonly corsOrigins?: readonly string[];
  /** Largest accepted request body. */
  readonly bodyLimitBytes?: number;
  /** Generates request ids when the caller sends none (UUIDv7 by default). */
  readonly requestIds?: IdGenerator;
  /** Serve /openapi.json, /docs and /redoc (default true). */
  readonly docs?: boolean;
  /** How long an Idempotency-Key is remembered (default 24 h). */
  readonly idempotencyTtlSeconds?: number;
  /** Signs list cursors (any secret string; without one, cursors hold for this process only). */
  readonly cursorSecret?: string;
  /** The caller's network address, for per-address limits and logs (the socket's peer on Node). */
  readonly clientAddress?: (c: Context<AppEnv>) => string | undefined;
  /** A server span per request through `@opentelemetry/api` (default false: no per-request cost). */
  readonly tracing?: boolean;
}

export interface HttpAppDependencies {
  /** The use cases, bearer-token authentication (`authenticateAccessToken`) included. */
  readonly useCases: UseCases;
  readonly logger: Logger;
  /** Whether the app can serve requests now (the database answers); `/health/ready` reports it. */
  readonly readiness?: () => Promise<boolean>;
  /** Told about every request once answered (metrics). */
  readonly observeRequest?: (observation: RequestObservation) => void;
  readonly options?: HttpAppOptions;
}

/** The composed HTTP app: serve it with `startHttpServer(app.fetch, …)` or call `app.request()` in tests. */
export type HttpApp = OpenAPIHono<AppEnv>;

export const DEFAULT_BODY_LIMIT_BYTES = 64 * 1024;
export const DEFAULT_IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;
const BODY_METHODS = new Set(['POST', 'PATCH', 'PUT']);

function validationIssues(error: ZodError): { path: string; message: string }[] {
  return error.issues.map((issue) => ({
    path: issue.path.length > 0 ? issue.path.map(String).join('.') : '(body)',
    message: issue.code === 'unrecognized_keys' ? `unknown field(s): ${issue.keys.join(', ')}` : issue.message,
  }));
}

/**
 * The HTTP API of SPEC.md on Hono: every route under /api/v1 as an OpenAPI contract, errors as
 * problem+json, bearer-JWT auth, and offline docs. Give it use cases wired to any adapters.
 */
export function createHttpApp(deps: HttpAppDependencies): HttpApp {
  const options = deps.options ?? {};
  const ids = options.requestIds ?? new UuidV7Generator();

  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result, c: Context<AppEnv>) => {
      if (result.success) return undefined;
      // A path id that fails its schema names nothing that exists.
      if (result.target === 'param') return problem(c, 404, 'NOT_FOUND', 'No such resource.');
      return domainProblem(c, KernelErrors.validation(validationIssues(result.error)));
    },
  });

  if (options.tracing) app.use('*', traceRequest());
  app.use(
    '*',
    edge({
      logger: deps.logger,
      ids,
      observe: deps.observeRequest,
      clientAddress: options.clientAddress,
      idempotencyTtlSeconds: options.idempotencyTtlSeconds ?? DEFAULT_IDEMPOTENCY_TTL_SECONDS,
    }),
  );
  const allowOrigins = cors({
    origin: (origin) => ((options.corsOrigins ?? []).includes(origin) ? origin : null),
    allowMethods: ['GET', 'POST', 'PATCH', 'DELETE'],
    allowHeaders: ['Authorization', 'Content-Type', 'If-Match', 'If-None-Match', 'Idempotency-Key', 'X-Request-Id'],
    exposeHeaders: ['ETag', 'Location', 'Retry-After', 'X-Request-Id'],
    maxAge: 600,
  });
  // CORS concerns browsers, which always send Origin; other callers skip its header work.
  const corsForBrowsers: MiddlewareHandler<AppEnv> = (c, next) => (c.req.header('origin') === undefined ? next() : allowOrigins(c, next));
  app.use('/api/*', corsForBrowsers);
  app.use(
    '*',
    allowedMethods(
      () => app.routes,
      (c, allowed) =>
        problem(c, 405, 'METHOD_NOT_ALLOWED', `Use ${allowed.join(', ')} on this path.`, { headers: { Allow: allowed.join(', ') } }),
    ),
  );
  // Only for methods with bodies. closeIfBodyUnread adds Connection: close to a 413: the unread rest
  // of the body goes with the connection.
  const guardedSize = limitBody(options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES, (c) =>
    problem(c, 413, 'PAYLOAD_TOO_LARGE', 'The request body is too large.'),
  );
  const guardBody: MiddlewareHandler<AppEnv> = async (c, next) => {
    if (!BODY_METHODS.has(c.req.method)) return next();
    return unsupportedMediaType(c) ?? guardedSize(c, next);
  };
  app.use('/api/*', guardBody);
  app.use('/api/*', authenticate(deps.useCases.authenticateAccessToken));

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'An access token from POST /api/v1/auth/token or POST /api/v1/auth/refresh.',
  });

  mountApiRoutes(app, deps.useCases, new CursorCodec(options.cursorSecret));

  app.openapi(healthRoutes.liveness, (c) => jsonResponse(c, { status: 'ok' as const }, 200));
  app.openapi(healthRoutes.readiness, async (c) => {
    const ready = deps.readiness ? await deps.readiness().catch(() => false) : true;
    return ready ? jsonResponse(c, { status: 'ready' as const }, 200) : jsonResponse(c, { status: 'unavailable' as const }, 503);
  });

  if (options.docs !== false) {
    app.doc31('/openapi.json', {
      openapi: '3.1.0',
      info: {
        title: 'hexabill API',
        version: '1.0.0',
        description: 'User management and billing. Errors are application/problem+json (RFC 9457).',
        license: { name: 'MIT', url: 'https://opensource.org/license/mit' },
      },
      // Relative: the API that serves this document, whatever name it is reached by.
      servers: [{ url: '/', description: 'This API: the origin serving this document' }],
      tags: [{ name: 'users' }, { name: 'auth' }, { name: 'invoices' }, { name: 'health' }],
    });
    mountDocs(app);
  }

  app.notFound((c) => problem(c, 404, 'NOT_FOUND', `No route for ${c.req.method} ${c.req.path}.`));
  app.onError((error, c) => {
    if (error instanceof HTTPException && error.status < 500) {
      // Hono's JSON validator reports an unparsable body as a 400.
      const malformed = error.status === 400;
      return problem(
        c,
        error.status,
        malformed ? 'MALFORMED_JSON' : 'BAD_REQUEST',
        malformed ? 'The request body is not valid JSON.' : error.message,
      );
    }
    if (isDependencyUnavailable(error)) {
      // Expected while the dependency is down; its adapter logs the outage once, so no stack trace per request.
      return problem(c, 503, 'SERVICE_UNAVAILABLE', `The ${error.dependency} is unavailable; retry shortly.`, {
        headers: { 'Retry-After': String(UNAVAILABLE_RETRY_AFTER_SECONDS) },
      });
    }
    deps.logger.error('unhandled error', {
      correlation_id: c.get('requestId'),
      error: error.message,
      stack: error.stack,
    });
    return problem(c, 500, 'INTERNAL_ERROR', 'Something went wrong on our side. Quote the request id when you report it.');
  });

  return app;
}
