import type { RequestContext } from '@hexabill/core';
import type { Context } from 'hono';
import type { AppEnv } from './app-env.js';
import { idempotencyClaim } from './idempotency-key.js';

/**
 * What a use case learns of the HTTP request: who acts, the request id (which becomes the events'
 * `correlation_id`), the client's address, and — for a route that honours `Idempotency-Key`, given
 * the validated body — the idempotency claim.
 */
export function requestContext(c: Context<AppEnv>, idempotent?: { readonly body: unknown }): RequestContext {
  const claim = idempotent ? idempotencyClaim(c, idempotent.body, c.get('idempotencyTtlSeconds')) : undefined;
  const clientAddress = c.get('clientAddress');
  return {
    principal: c.get('principal'),
    correlationId: c.get('requestId'),
    ...(clientAddress === undefined ? {} : { clientAddress }),
    ...(claim ? { idempotency: claim } : {}),
  };
}
