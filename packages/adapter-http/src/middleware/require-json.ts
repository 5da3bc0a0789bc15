import type { Context } from 'hono';
import type { AppEnv } from '../app-env.js';
import { problem } from '../problem/problem.js';

const JSON_MEDIA_TYPE = /^application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i;

/** Whether the request carries a body, by HTTP/1.1's rules: a non-zero Content-Length, or chunked transfer. */
export function hasBody(contentLength: string | undefined, transferEncoding: string | undefined): boolean {
  if (transferEncoding !== undefined) return true;
  return contentLength !== undefined && contentLength.trim() !== '0';
}

/** A request body must be JSON: anything else is answered 415 before a validator can misread it. */
export function unsupportedMediaType(c: Context<AppEnv>): Response | undefined {
  const body = hasBody(c.req.header('content-length'), c.req.header('transfer-encoding'));
  if (body && !JSON_MEDIA_TYPE.test(c.req.header('content-type') ?? '')) {
    return problem(c, 415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the request body as application/json.');
  }
  return undefined;
}
