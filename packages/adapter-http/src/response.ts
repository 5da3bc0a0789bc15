import type { Context, TypedResponse } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv } from './app-env.js';

const JSON_TYPE = 'application/json';

/**
 * Responses made here already carry every header the request's responses must (`responseHeaders`:
 * the request id, the API's security headers, a replay marker), in one plain object. On Node that
 * object goes to `writeHead` as it is; a `Headers` object — what `c.json(…, headers)` and
 * `c.res.headers.set` build — costs a sorted copy and a second pass per response. The edge adds the
 * request's headers to any other response (docs, hono's own answers).
 */
export function jsonResponse<J, S extends ContentfulStatusCode>(
  c: Context<AppEnv>,
  body: J,
  status: S,
  headers?: Record<string, string>,
  contentType = JSON_TYPE,
): Response & TypedResponse<J, S, 'json'> {
  const all = withRequestHeaders(c, headers);
  all['Content-Type'] = contentType;
  const response = new Response(JSON.stringify(body), { status, headers: all });
  c.set('answer', response);
  return response as Response & TypedResponse<J, S, 'json'>;
}

/** A response without a body (204, 304). */
export function emptyResponse<S extends 204 | 304>(
  c: Context<AppEnv>,
  status: S,
  headers?: Record<string, string>,
): Response & TypedResponse<null, S, 'body'> {
  const response = new Response(null, { status, headers: withRequestHeaders(c, headers) });
  c.set('answer', response);
  return response as Response & TypedResponse<null, S, 'body'>;
}

/**
 * A fresh object with the request's headers and `extra`. Object.assign, not `{ ...a, ...b }`: on
 * these header objects the spread measured ten times slower (2 µs against 0.2 µs per response).
 */
function withRequestHeaders(c: Context<AppEnv>, extra: Record<string, string> | undefined): Record<string, string> {
  const all = Object.assign({}, c.get('responseHeaders'));
  return extra === undefined ? all : Object.assign(all, extra);
}

/** Whether the request's response was made here, with the request's headers already on it. */
export function carriesResponseHeaders(c: Context<AppEnv>): boolean {
  return c.res === c.get('answer');
}
