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
 * One structured line per request: method, route, status, duration and request id. Never
 * headers or bodies, so no token or password reaches the log.
 */
export function accessLog(logger: Logger): MiddlewareHandler<AppEnv> {
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
    if (c.res.status >= 500) logger.error('http request', fields);
    else logger.info('http request', fields);
  };
}
