import { createRoute, z } from '@hono/zod-openapi';
import { requireAdmin, requireUser } from '../middleware/authenticate.js';
import { BEARER, BODY_PROBLEMS, ETagHeader, IdParam, JSON_TYPE, ListQuery, problems } from '../schemas/common.js';
import {
  ChangePasswordBody,
  ChangeRoleBody,
  RegisterUserBody,
  UpdateUserBody,
  UserListSchema,
  UserSchema,
} from '../schemas/user-schemas.js';

export const registerUser = createRoute({
  operationId: 'registerUser',
  method: 'post',
  path: '/api/v1/users',
  tags: ['users'],
  summary: 'Register a user',
  request: { body: { required: true, content: { [JSON_TYPE]: { schema: RegisterUserBody } } } },
  responses: {
    201: { description: 'Registered.', content: { [JSON_TYPE]: { schema: UserSchema } } },
    ...problems(...BODY_PROBLEMS, 401, 403, 409),
  },
});

export const getMe = createRoute({
  operationId: 'getCurrentUser',
  method: 'get',
  path: '/api/v1/users/me',
  tags: ['users'],
  summary: 'The authenticated user',
  security: BEARER,
  middleware: [requireUser] as const,
  responses: {
    200: { description: 'You.', headers: z.object({ ETag: ETagHeader }), content: { [JSON_TYPE]: { schema: UserSchema } } },
    ...problems(401, 404),
  },
});

export const listUsers = createRoute({
  operationId: 'listUsers',
  method: 'get',
  path: '/api/v1/users',
  tags: ['users'],
  summary: 'List users, newest first (admin)',
  security: BEARER,
  middleware: [requireAdmin] as const,
  request: { query: z.object(ListQuery) },
  responses: {
    200: {
      description: 'Users, newest first: a keyset list (or a numbered page, deprecated).',
      content: { [JSON_TYPE]: { schema: UserListSchema } },
    },
    ...problems(401, 403, 422),
  },
});

export const getUser = createRoute({
  operationId: 'getUser',
  method: 'get',
  path: '/api/v1/users/{id}',
  tags: ['users'],
  summary: 'A user (yourself, or anyone for an admin)',
  security: BEARER,
  middleware: [requireUser] as const,
  request: { params: IdParam },
  responses: {
    200: { description: 'The user.', headers: z.object({ ETag: ETagHeader }), content: { [JSON_TYPE]: { schema: UserSchema } } },
    304: { description: 'Not modified since the ETag in If-None-Match.' },
    ...problems(401, 404),
  },
});

export const updateUser = createRoute({
  operationId: 'updateUser',
  method: 'patch',
  path: '/api/v1/users/{id}',
  tags: ['users'],
  summary: 'Change name, age or email (If-Match honoured)',
  security: BEARER,
  middleware: [requireUser] as const,
  request: {
    params: IdParam,
    headers: z.object({ 'if-match': z.string().optional().openapi({ description: 'An ETag from GET; 412 when stale.' }) }),
    body: { required: true, content: { [JSON_TYPE]: { schema: UpdateUserBody } } },
  },
  responses: {
    200: { description: 'Updated.', headers: z.object({ ETag: ETagHeader }), content: { [JSON_TYPE]: { schema: UserSchema } } },
    ...problems(...BODY_PROBLEMS, 401, 404, 409, 412),
  },
});

export const deleteUser = createRoute({
  operationId: 'deleteUser',
  method: 'delete',
  path: '/api/v1/users/{id}',
  tags: ['users'],
  summary: 'Delete a user and their invoices',
  security: BEARER,
  middleware: [requireUser] as const,
  request: { params: IdParam },
  responses: {
    204: { description: 'Deleted, with every invoice of the user.' },
    ...problems(401, 404, 409),
  },
});

export const changePassword = createRoute({
  operationId: 'changeUserPassword',
  method: 'post',
  path: '/api/v1/users/me/password',
  tags: ['users'],
  summary: 'Change your password (knowing the current one)',
  description:
    'Every other session ends. Every access token issued so far, this one included, stops working: renew it with this session’s refresh token. Checking the current password counts against the sign-in limits (429).',
  security: BEARER,
  middleware: [requireUser] as const,
  request: { body: { required: true, content: { [JSON_TYPE]: { schema: ChangePasswordBody } } } },
  responses: {
    204: { description: 'Changed.' },
    ...problems(...BODY_PROBLEMS, 401, 409, 429),
  },
});

export const changeRole = createRoute({
  operationId: 'changeUserRole',
  method: 'patch',
  path: '/api/v1/users/{id}/role',
  tags: ['users'],
  summary: 'Give a user another role (admin)',
  description:
    'The user’s access tokens stop working (they name the old role); the next refresh carries the new one. The last admin cannot be demoted (409).',
  security: BEARER,
  middleware: [requireAdmin] as const,
  request: { params: IdParam, body: { required: true, content: { [JSON_TYPE]: { schema: ChangeRoleBody } } } },
  responses: {
    200: {
      description: 'The user with the role.',
      headers: z.object({ ETag: ETagHeader }),
      content: { [JSON_TYPE]: { schema: UserSchema } },
    },
    ...problems(...BODY_PROBLEMS, 401, 403, 404, 409),
  },
});
