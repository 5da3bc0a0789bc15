import type { RouteHandler } from '@hono/zod-openapi';
import type { UseCases } from '@hexabill/core';
import type { AppEnv } from '../app-env.js';
import { etagOf, isNotModified, versionFromIfMatch } from '../etag.js';
import { pageJson, userJson } from '../json-views.js';
import { DomainErrorResponse, valueOrProblem } from '../problem/problem.js';
import { requestContext } from '../request-context.js';
import type * as routes from './users.routes.js';

type Handler<R extends keyof typeof routes> = RouteHandler<(typeof routes)[R], AppEnv>;

export function usersHandlers(useCases: UseCases): {
  registerUser: Handler<'registerUser'>;
  getMe: Handler<'getMe'>;
  listUsers: Handler<'listUsers'>;
  getUser: Handler<'getUser'>;
  updateUser: Handler<'updateUser'>;
  deleteUser: Handler<'deleteUser'>;
} {
  const readUser = async (c: Parameters<Handler<'getUser'>>[0], id: string) =>
    valueOrProblem(await useCases.getUser.execute({ id }, requestContext(c)));

  return {
    registerUser: async (c) => {
      const body = c.req.valid('json');
      const user = valueOrProblem(await useCases.registerUser.execute(body, requestContext(c)));
      return c.json(userJson(user), 201, { Location: `/api/v1/users/${user.id}`, ETag: etagOf(user.version) });
    },

    getMe: async (c) => {
      const principal = c.get('principal');
      if (principal.kind !== 'user') throw new DomainErrorResponse({ code: 'UNAUTHENTICATED', message: 'Authentication is required.' });
      const user = valueOrProblem(await useCases.getUser.execute({ id: principal.id }, requestContext(c)));
      return c.json(userJson(user), 200, { ETag: etagOf(user.version) });
    },

    listUsers: async (c) => {
      const { page, page_size: pageSize } = c.req.valid('query');
      const result = valueOrProblem(await useCases.listUsers.execute({ page, pageSize }, requestContext(c)));
      return c.json(pageJson(result, userJson), 200);
    },

    getUser: async (c) => {
      const user = await readUser(c, c.req.valid('param').id);
      if (isNotModified(c.req.header('if-none-match'), user.version)) return c.body(null, 304, { ETag: etagOf(user.version) });
      return c.json(userJson(user), 200, { ETag: etagOf(user.version) });
    },

    updateUser: async (c) => {
      const { id } = c.req.valid('param');
      const expectedVersion = versionFromIfMatch(c.req.header('if-match'));
      const body = c.req.valid('json');
      const user = valueOrProblem(
        await useCases.updateUser.execute(
          // -1 matches no stored version: an If-Match we cannot read fails as stale (412).
          { id, ...body, ...(expectedVersion === undefined ? {} : { expectedVersion: expectedVersion ?? -1 }) },
          requestContext(c),
        ),
      );
      return c.json(userJson(user), 200, { ETag: etagOf(user.version) });
    },

    deleteUser: async (c) => {
      valueOrProblem(await useCases.deleteUser.execute({ id: c.req.valid('param').id }, requestContext(c)));
      return c.body(null, 204);
    },
  };
}
