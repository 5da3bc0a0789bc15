import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppEnv } from '../app-env.js';

/**
 * Refuses a request body over `maxBytes` before anything reads it. A body with a Content-Length (every
 * JSON client sends one) is judged by that header alone: Hono's bodyLimit would touch `c.req.raw.body`,
 * which makes the Node adapter build a full web Request with a stream for every write (a fifth of a
 * write's CPU in the profile), where the validator's `c.req.json()` reads the socket directly. A chunked
 * body has no length to judge, so it goes through bodyLimit, which stops reading at the limit.
 */
export function limitBody(maxBytes: number, tooLarge: (c: Context<AppEnv>) => Response): MiddlewareHandler<AppEnv> {
  const counted = bodyLimit({ maxSize: maxBytes, onError: (c) => tooLarge(c as Context<AppEnv>) });
  return async (c, next) => {
    if (c.req.header('transfer-encoding') !== undefined) return counted(c, next);
    // Node's HTTP parser has already refused a Content-Length that is not a number.
    if (Number(c.req.header('content-length') ?? '0') > maxBytes) return tooLarge(c);
    await next();
    return undefined;
  };
}
