import type { IdGenerator, Logger } from '@hexabill/core';
import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { secureHeaders } from 'hono/secure-headers';
import type { AppEnv } from '../app-env.js';
import { carriesResponseHeaders } from '../response.js';
import { REPLAY_HEADER } from '../idempotency-key.js';
import { closeIfBodyUnread } from './close-unread-body.js';
import { apiResponseHeaders, pageResponseHeaders } from '../security-headers.js';

/**
 * The route pattern that answered (`/api/v1/users/:id`), not the raw path, so logs group well. A
 * path may match several patterns (`/users/me` matches `/users/:id` too); the first registered is
 * the one that ran.
 */
export function routeOf(c: Context): string {
  const route = matchedRoutes(c).find((r) => r.method !== 'ALL');
  return route?.path ?? 'unmatched';
}

/** What the edge tells the metrics about every answered request. */
export interface RequestObservation {
  readonly method: string;
  readonly route: string;
  readonly status: number;
  readonly durationMs: number;
  /** Answered from a stored idempotent response. */
  readonly replayed: boolean;
}

export interface EdgeOptions {
  readonly logger: Logger;
  /** Makes request ids for requests that bring none (or a malformed one). */
  readonly ids: IdGenerator;
  readonly observe?: ((observation: RequestObservation) => void) | undefined;
  readonly clientAddress?: ((c: Context<AppEnv>) => string | undefined) | undefined;
  readonly idempotencyTtlSeconds: number;
}

const REQUEST_ID_HEADER = 'X-Request-Id';
const MAX_REQUEST_ID_LENGTH = 128;
const NOT_A_REQUEST_ID = /[^\w\-=]/;

/**
 * Everything done around every request, in one middleware: the request id (the caller's
 * `X-Request-Id` when well-formed, a new one otherwise), the facts use cases need, the headers every
 * response carries; afterwards `Connection: close` when the body went unread, then one access-log
 * line (method, route, status, duration, request id, client address — never headers or bodies, so no
 * token or password reaches the log) and the metrics.
 */
export function edge(options: EdgeOptions): MiddlewareHandler<AppEnv> {
  const { logger, ids, observe, clientAddress, idempotencyTtlSeconds } = options;
  const pageHeaders = secureHeaders();
  return async (c, next) => {
    const started = performance.now();
    let requestId = c.req.header(REQUEST_ID_HEADER);
    if (!requestId || requestId.length > MAX_REQUEST_ID_LENGTH || NOT_A_REQUEST_ID.test(requestId)) requestId = ids.next();
    c.set('requestId', requestId);
    c.set('clientAddress', clientAddress?.(c));
    c.set('idempotencyTtlSeconds', idempotencyTtlSeconds);
    const api = c.req.path.startsWith('/api/');
    const headers = api ? apiResponseHeaders(requestId) : pageResponseHeaders(requestId);
    c.set('responseHeaders', headers);

    await (api ? next() : pageHeaders(c, next));

    if (!carriesResponseHeaders(c)) {
      const target = c.res.headers;
      for (const name in headers) target.set(name, headers[name] as string);
    }
    closeIfBodyUnread(c);
    const status = c.res.status;
    const fields = {
      method: c.req.method,
      route: routeOf(c),
      status,
      duration_ms: Math.round((performance.now() - started) * 100) / 100,
      // The request id is the correlation id of everything the request causes: one field name on every line.
      correlation_id: requestId,
      // Through trusted proxies, when configured.
      client_address: c.get('clientAddress'),
    };
    // 503 is a dependency away for now, reported once by whoever saw it go; other 5xx are ours.
    if (status === 503) logger.warn('http request', fields);
    else if (status >= 500) logger.error('http request', fields);
    else logger.info('http request', fields);
    observe?.({ method: fields.method, route: fields.route, status, durationMs: fields.duration_ms, replayed: REPLAY_HEADER in headers });
  };
}
