import { z } from '@hono/zod-openapi';
import { PASSWORD_MAX_LENGTH } from '@hexabill/core';

export const TokenRequestBody = z
  .object({
    email: z.string().max(254).openapi({ example: 'ada@example.com' }),
    password: z.string().max(PASSWORD_MAX_LENGTH).openapi({ format: 'password' }),
  })
  .strict()
  .openapi('TokenRequest');

export const TokenSchema = z
  .object({
    access_token: z.string(),
    token_type: z.literal('Bearer'),
    expires_in: z.number().int().openapi({ description: 'Seconds until the token expires.' }),
  })
  .strict()
  .openapi('Token');
