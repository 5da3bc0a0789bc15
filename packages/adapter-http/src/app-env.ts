import type { Principal } from '@hexabill/core';

/** What middleware puts on the Hono context for handlers. */
export interface AppEnv {
  Variables: {
    principal: Principal;
    requestId: string;
  };
}
