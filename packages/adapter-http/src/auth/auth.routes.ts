import { createRoute } from '@hono/zod-openapi';
import { TokenRequestBody, TokenSchema } from '../schemas/auth-schemas.js';
import { BODY_PROBLEMS, JSON_TYPE, problems } from '../schemas/common.js';

export const issueToken = createRoute({
  method: 'post',
  path: '/api/v1/auth/token',
  tags: ['auth'],
  summary: 'Exchange email and password for a bearer token',
  description: 'An unknown email and a wrong password get the same 401.',
  request: { body: { required: true, content: { [JSON_TYPE]: { schema: TokenRequestBody } } } },
  responses: {
    200: { description: 'A bearer token.', content: { [JSON_TYPE]: { schema: TokenSchema } } },
    ...problems(...BODY_PROBLEMS, 401, 429),
  },
});
