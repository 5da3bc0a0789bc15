import type { RouteHandler } from '@hono/zod-openapi';
import type { UseCases } from '@hexabill/core';
import type { AppEnv } from '../app-env.js';
import { jsonOf } from '../json-body.js';
import { domainProblem } from '../problem/problem.js';
import { requestContext } from '../request-context.js';
import { respond } from '../respond.js';
import { emptyResponse } from '../response.js';
import { TokenSchema } from '../schemas/auth-schemas.js';
import type * as routes from './auth.routes.js';

type Handler<R extends keyof typeof routes> = RouteHandler<(typeof routes)[R], AppEnv>;

const tokenJson = jsonOf(TokenSchema);
/** Token responses must not be kept by any cache (RFC 6749 §5.1). */
const NO_STORE = { 'Cache-Control': 'no-store' };
/** One body for every accepted reset request, so the answer tells nothing about the address. */
const RESET_ACCEPTED = {
  status: 'accepted' as const,
  detail: 'If an account has this address, an e-mail with a link to reset its password is on its way.',
};

export function authHandlers(useCases: UseCases): {
  issueToken: Handler<'issueToken'>;
  refreshToken: Handler<'refreshToken'>;
  signOut: Handler<'signOut'>;
  signOutEverywhere: Handler<'signOutEverywhere'>;
  requestPasswordReset: Handler<'requestPasswordReset'>;
  confirmPasswordReset: Handler<'confirmPasswordReset'>;
} {
  return {
    issueToken: async (c) =>
      respond(c, await useCases.authenticateUser.execute(c.req.valid('json'), requestContext(c)), 200, tokenJson, () => NO_STORE),

    refreshToken: async (c) => {
      const refreshed = await useCases.refreshSession.execute({ refreshToken: c.req.valid('json').refresh_token }, requestContext(c));
      return respond(c, refreshed, 200, tokenJson, () => NO_STORE);
    },

    signOut: async (c) => {
      const ended = await useCases.signOut.execute({ refreshToken: c.req.valid('json').refresh_token }, requestContext(c));
      return ended.isErr() ? domainProblem(c, ended.error) : emptyResponse(c, 204);
    },

    signOutEverywhere: async (c) => {
      const ended = await useCases.signOutEverywhere.execute({}, requestContext(c));
      return ended.isErr() ? domainProblem(c, ended.error) : emptyResponse(c, 204);
    },

    requestPasswordReset: async (c) =>
      respond(c, await useCases.requestPasswordReset.execute(c.req.valid('json'), requestContext(c)), 202, () => RESET_ACCEPTED),

    confirmPasswordReset: async (c) => {
      const { token, new_password: newPassword } = c.req.valid('json');
      const confirmed = await useCases.confirmPasswordReset.execute({ token, newPassword }, requestContext(c));
      return confirmed.isErr() ? domainProblem(c, confirmed.error) : emptyResponse(c, 204, NO_STORE);
    },
  };
}
