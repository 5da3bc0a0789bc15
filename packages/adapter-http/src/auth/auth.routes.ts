import { createRoute } from '@hono/zod-openapi';
import { requireUser } from '../middleware/authenticate.js';
import {
  PasswordResetAcceptedSchema,
  PasswordResetConfirmBody,
  PasswordResetRequestBody,
  RefreshTokenBody,
  TokenRequestBody,
  TokenSchema,
} from '../schemas/auth-schemas.js';
import { BEARER, BODY_PROBLEMS, JSON_TYPE, problems } from '../schemas/common.js';

export const issueToken = createRoute({
  operationId: 'issueToken',
  method: 'post',
  path: '/api/v1/auth/token',
  tags: ['auth'],
  summary: 'Sign in: exchange email and password for an access token and a refresh token',
  description: 'Starts a session. An unknown email and a wrong password get the same 401.',
  request: { body: { required: true, content: { [JSON_TYPE]: { schema: TokenRequestBody } } } },
  responses: {
    200: {
      description: 'A bearer access token and the refresh token of a new session.',
      content: { [JSON_TYPE]: { schema: TokenSchema } },
    },
    ...problems(...BODY_PROBLEMS, 401, 429),
  },
});

export const refreshToken = createRoute({
  operationId: 'refreshToken',
  method: 'post',
  path: '/api/v1/auth/refresh',
  tags: ['auth'],
  summary: 'Rotate a refresh token: a new access token and a new refresh token',
  description:
    'The presented refresh token is spent. Presenting a spent one again ends its whole session (it was copied) and answers 401, as an unknown, expired or revoked one does.',
  request: { body: { required: true, content: { [JSON_TYPE]: { schema: RefreshTokenBody } } } },
  responses: {
    200: { description: 'The next pair of the session.', content: { [JSON_TYPE]: { schema: TokenSchema } } },
    ...problems(...BODY_PROBLEMS, 401, 409),
  },
});

export const signOut = createRoute({
  operationId: 'signOut',
  method: 'post',
  path: '/api/v1/auth/logout',
  tags: ['auth'],
  summary: 'Sign out: end the session of a refresh token',
  description:
    'Revokes every refresh token of the session. A token that is not yours, unknown or already revoked changes nothing and gets the same 204. Access tokens of the session expire on their own (sign out everywhere ends them at once).',
  security: BEARER,
  middleware: [requireUser] as const,
  request: { body: { required: true, content: { [JSON_TYPE]: { schema: RefreshTokenBody } } } },
  responses: {
    204: { description: 'Signed out.' },
    ...problems(...BODY_PROBLEMS, 401, 409),
  },
});

export const signOutEverywhere = createRoute({
  operationId: 'signOutEverywhere',
  method: 'post',
  path: '/api/v1/auth/logout-all',
  tags: ['auth'],
  summary: 'Sign out everywhere: end every session and refuse every access token issued so far',
  security: BEARER,
  middleware: [requireUser] as const,
  responses: {
    204: { description: 'Every session ended; this access token no longer works either.' },
    // No body is expected; one that is sent is still checked (415, 413) before anything else.
    ...problems(401, 409, 413, 415),
  },
});

export const requestPasswordReset = createRoute({
  operationId: 'requestPasswordReset',
  method: 'post',
  path: '/api/v1/auth/password-reset',
  tags: ['auth'],
  summary: 'Ask for a password-reset e-mail',
  description:
    'Always 202 with the same body, whether or not an account has the address: the e-mail, with a single-use link, goes out shortly if one does. Limited per address asked about and per client (429).',
  request: { body: { required: true, content: { [JSON_TYPE]: { schema: PasswordResetRequestBody } } } },
  responses: {
    202: { description: 'Accepted.', content: { [JSON_TYPE]: { schema: PasswordResetAcceptedSchema } } },
    // No token is needed, but one that is sent must be valid (as on every route).
    ...problems(...BODY_PROBLEMS, 401, 429),
  },
});

export const confirmPasswordReset = createRoute({
  operationId: 'confirmPasswordReset',
  method: 'post',
  path: '/api/v1/auth/password-reset/confirm',
  tags: ['auth'],
  summary: 'Set a new password with the token from a reset e-mail',
  description: 'The token works once, before it expires. Every session of the account ends.',
  request: { body: { required: true, content: { [JSON_TYPE]: { schema: PasswordResetConfirmBody } } } },
  responses: {
    204: { description: 'The password is set; sign in with it.' },
    ...problems(...BODY_PROBLEMS, 401, 409),
  },
});
