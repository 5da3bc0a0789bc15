import type { RouteHandler } from '@hono/zod-openapi';
import type { UseCases, UserView } from '@hexabill/core';
import type { AppEnv } from '../app-env.js';
import { etagOf, isNotModified, versionFromIfMatch } from '../etag.js';
import { jsonOf } from '../json-body.js';
import { domainProblem } from '../problem/problem.js';
import { requestContext } from '../request-context.js';
import { respond } from '../respond.js';
import { emptyResponse, jsonResponse } from '../response.js';
import { listingJson, listInput, listScope, type CursorCodec } from '../cursor.js';
import { UserSchema } from '../schemas/user-schemas.js';
import type * as routes from './users.routes.js';

type Handler<R extends keyof typeof routes> = RouteHandler<(typeof routes)[R], AppEnv>;

const userJson = jsonOf(UserSchema);
const withETag = (user: UserView): Record<string, string> => ({ ETag: etagOf(user.version) });

export function usersHandlers(
  useCases: UseCases,
  cursors: CursorCodec,
): {
  registerUser: Handler<'registerUser'>;
  getMe: Handler<'getMe'>;
  listUsers: Handler<'listUsers'>;
  getUser: Handler<'getUser'>;
  updateUser: Handler<'updateUser'>;
  deleteUser: Handler<'deleteUser'>;
  changePassword: Handler<'changePassword'>;
  changeRole: Handler<'changeRole'>;
} {
  return {
    registerUser: async (c) => {
      const registered = await useCases.registerUser.execute(c.req.valid('json'), requestContext(c));
      return respond(c, registered, 201, userJson, (user) => ({ Location: `/api/v1/users/${user.id}`, ...withETag(user) }));
    },

    getMe: async (c) => {
      const principal = c.get('principal');
      const id = principal.kind === 'user' ? principal.id : '';
      return respond(c, await useCases.getUser.execute({ id }, requestContext(c)), 200, userJson, withETag);
    },

    listUsers: async (c) => {
      const scope = listScope(c, {});
      const parsed = listInput(cursors, scope, c.req.valid('query'));
      if ('error' in parsed) return domainProblem(c, parsed.error);
      const listed = await useCases.listUsers.execute(parsed.input, requestContext(c));
      return respond(
        c,
        listed,
        200,
        listingJson(
          (user: UserView) => userJson(user),
          (id) => cursors.encode(id, scope),
        ),
      );
    },

    getUser: async (c) => {
      const found = await useCases.getUser.execute({ id: c.req.valid('param').id }, requestContext(c));
      if (found.isErr()) return domainProblem(c, found.error);
      const user = found.value;
      if (isNotModified(c.req.header('if-none-match'), user.version)) return emptyResponse(c, 304, withETag(user));
      return jsonResponse(c, userJson(user), 200, withETag(user));
    },

    updateUser: async (c) => {
      const expectedVersion = versionFromIfMatch(c.req.header('if-match'));
      const update = {
        id: c.req.valid('param').id,
        ...c.req.valid('json'),
        // -1 matches no stored version: an If-Match we cannot read fails as stale (412).
        ...(expectedVersion === undefined ? {} : { expectedVersion: expectedVersion ?? -1 }),
      };
      return respond(c, await useCases.updateUser.execute(update, requestContext(c)), 200, userJson, withETag);
    },

    deleteUser: async (c) => {
      const deleted = await useCases.deleteUser.execute({ id: c.req.valid('param').id }, requestContext(c));
      return deleted.isErr() ? domainProblem(c, deleted.error) : emptyResponse(c, 204);
    },

    changePassword: async (c) => {
      const { current_password: currentPassword, new_password: newPassword } = c.req.valid('json');
      const changed = await useCases.changePassword.execute({ currentPassword, newPassword }, requestContext(c));
      return changed.isErr() ? domainProblem(c, changed.error) : emptyResponse(c, 204);
    },

    changeRole: async (c) => {
      const changed = await useCases.changeRole.execute({ id: c.req.valid('param').id, role: c.req.valid('json').role }, requestContext(c));
      return respond(c, changed, 200, userJson, withETag);
    },
  };
}
