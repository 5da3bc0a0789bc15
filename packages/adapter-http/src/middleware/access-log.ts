import type { Logger } from '@hexabill/core';
import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { AppEnv } from '../app-env.js';

/**
 * The route pattern that answered (`/api/v1/users/:id`), not the raw path, so logs group well. A
 * path may match several patterns (`/users/me` matches `/users/:id` too); the first registered is
 * the one that ran.
 */
export function routeOf(c: Context): string {
  const route = matchedRoutes(c).find((r) => r.method !== 'ALL');
  return route?.path ?? 'unmatched';
}

/**
 * One structured line per request: method, route, status, duration and request id. Never
 * headers or bodies, so no token or password reaches the log.
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
    };
    // 503 is a dependency away for now, reported once by whoever saw it go; other 5xx are ours.
    if (c.res.status >= 500 && c.res.status !== 503) logger.error('http request', fields);
    else if (c.res.status === 503) logger.warn('http request', fields);
    else logger.info('http request', fields);
    observe?.({ method: fields.method, route: fields.route, status: fields.status, durationMs: fields.duration_ms });
  };
}
