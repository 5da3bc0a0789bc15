import type { Principal } from './principal.js';

/** Who is asking, and which request this is (becomes the events' `correlation_id`). */
export interface RequestContext {
  readonly principal: Principal;
  readonly correlationId?: string;
}
