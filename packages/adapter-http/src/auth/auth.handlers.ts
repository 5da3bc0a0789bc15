import type { RouteHandler } from '@hono/zod-openapi';
import type { UseCases } from '@hexabill/core';
import type { AppEnv } from '../app-env.js';
import { tokenJson } from '../json-views.js';
import { valueOrProblem } from '../problem/problem.js';
import { requestContext } from '../request-context.js';
import type { issueToken } from './auth.routes.js';

export function authHandlers(useCases: UseCases): { issueToken: RouteHandler<typeof issueToken, AppEnv> } {
  return {
    issueToken: async (c) => {
      const token = valueOrProblem(await useCases.authenticateUser.execute(c.req.valid('json'), requestContext(c)));
      return c.json(tokenJson(token), 200, { 'Cache-Control': 'no-store' });
    },
  };
}
