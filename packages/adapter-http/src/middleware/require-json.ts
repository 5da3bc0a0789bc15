import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.js';
import { problemResponse } from '../problem/problem.js';

const JSON_MEDIA_TYPE = /^application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i;

/** A request body must be JSON: anything else is 415 before a validator can misread it. */
export const requireJsonBody: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.req.raw.body !== null && !JSON_MEDIA_TYPE.test(c.req.header('content-type') ?? '')) {
    return problemResponse(c, 415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the request body as application/json.');
  }
  return next();
};
