import type { RequestContext } from '@hexabill/core';
import type { Context } from 'hono';
import type { AppEnv } from './app-env.js';

/** The acting principal and the request id, which becomes the `correlation_id` of any event. */
export function requestContext(c: Context<AppEnv>): RequestContext {
  return { principal: c.get('principal'), correlationId: c.get('requestId') };
}
