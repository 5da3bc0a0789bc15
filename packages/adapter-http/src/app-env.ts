import type { IdempotencyClaim, Principal } from '@hexabill/core';

/** What middleware puts on the Hono context for handlers. */
export interface AppEnv {
  Variables: {
    principal: Principal;
    requestId: string;
    /** The caller's address, resolved once per request (through trusted proxies, when configured). */
    clientAddress: string | undefined;
    /** How long Idempotency-Keys are remembered. */
    idempotencyTtlSeconds: number;
  };
}

export type { IdempotencyClaim };
