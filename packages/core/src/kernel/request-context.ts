import type { IdempotencyClaim } from './idempotency.js';
import type { Principal } from './principal.js';

/** Who is asking, and about which request. Use cases pass it on to the unit of work. */
export interface RequestContext {
  readonly principal: Principal;
  /** The request id: becomes the `correlation_id` of any event the request causes. */
  readonly correlationId?: string;
  /** The caller's network address, for per-address limits (already resolved through trusted proxies). */
  readonly clientAddress?: string;
  /** When the request carries an idempotency key: the write it causes happens at most once. */
  readonly idempotency?: IdempotencyClaim;
}
