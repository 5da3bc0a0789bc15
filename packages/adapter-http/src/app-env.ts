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
    /** The headers every response to this request carries (request id, security headers, replay marker). */
    responseHeaders: Record<string, string>;
    /** The response made with `responseHeaders` on it (`response.ts`); any other gets them added. */
    answer: Response;
  };
}

export type { IdempotencyClaim };
