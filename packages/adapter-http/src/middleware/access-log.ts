import type { Logger } from '@hexabill/core';
import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { AppEnv } from '../app-env.js';

/** The route pattern that answered (`/api/v1/users/:id`), not the raw path, so logs group well. */
export function routeOf(c: Context): string {
  const route = matchedRoutes(c).findLast((r) => r.method !== 'ALL');
  return route?.path ?? 'unmatched';
}

/**
 * One structured line per request: method, route, status, duration, request id and the client's
 * address (through trusted proxies, when configured). Never headers or bodies, so no token or
 * password reaches the log.
 */
export interface RequestObservation {
  readonly method: string;
  readonly route: string;
  readonly status: number;
  readonly durationMs: number;
}

export function accessLog(logger: Logger, observe?: (observation: RequestObservation) => void): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    await next();
    const fields = {
      method: c.req.method,
      route: routeOf(c),
      status: c.res.status,
      duration_ms: Math.round((performance.now() - started) * 100) / 100,
      request_id: c.get('requestId'),
      client_address: c.get('clientAddress'),
    };
    if (c.res.status >= 500) logger.error('http request', fields);
    else logger.info('http request', fields);
    observe?.({ method: fields.method, route: fields.route, status: fields.status, durationMs: fields.duration_ms });
  };
}
