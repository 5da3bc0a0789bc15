import type { RouteHandler } from '@hono/zod-openapi';
import type { UseCases } from '@hexabill/core';
import type { AppEnv } from '../app-env.js';
import { jsonOf } from '../json-body.js';
import { requestContext } from '../request-context.js';
import { respond } from '../respond.js';
import { TokenSchema } from '../schemas/auth-schemas.js';
import type { issueToken } from './auth.routes.js';

const tokenJson = jsonOf(TokenSchema);
const NO_STORE = { 'Cache-Control': 'no-store' };

export function authHandlers(useCases: UseCases): { issueToken: RouteHandler<typeof issueToken, AppEnv> } {
  return {
    issueToken: async (c) =>
      respond(c, await useCases.authenticateUser.execute(c.req.valid('json'), requestContext(c)), 200, tokenJson, () => NO_STORE),
  };
}
