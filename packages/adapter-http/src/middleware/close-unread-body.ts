import type { Context } from 'hono';
import type { AppEnv } from '../app-env.js';
import { hasBody } from './require-json.js';

/**
 * The edge calls this once a request is answered. An answer given before the request body was read
 * — 413, 415, 401, 403, 404, 405 — says `Connection: close`. The rest of the body is still on the wire: Node's server drains it for a
 * moment and then destroys the socket, so a pooled client that sent its next request on that socket
 * would see ECONNRESET. Told to close, the client opens a new connection instead.
 */
export function closeIfBodyUnread(c: Context<AppEnv>): void {
  if (!hasBody(c.req.header('content-length'), c.req.header('transfer-encoding'))) return;
  // A 413 may have read part of a chunked body: not all of it.
  if (c.res.status === 413 || !c.req.raw.bodyUsed) c.res.headers.set('Connection', 'close');
}
