import { z } from '@hono/zod-openapi';
import { PASSWORD_MAX_LENGTH } from '@hexabill/core';

/** Opaque tokens are 43 characters; the cap only keeps absurd input away from hashing. */
const OPAQUE_TOKEN_MAX_LENGTH = 512;

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
    expires_in: z.number().int().openapi({ description: 'Seconds until the access token expires.' }),
    refresh_token: z.string().openapi({
      description:
        'Opaque; exchange it at POST /auth/refresh for a new pair before the session idles out. Each works once: a refresh token presented twice ends its session.',
    }),
  })
  .strict()
  .openapi('Token');

export const RefreshTokenBody = z
  .object({ refresh_token: z.string().max(OPAQUE_TOKEN_MAX_LENGTH) })
  .strict()
  .openapi('RefreshTokenRequest');

export const PasswordResetRequestBody = z
  .object({ email: z.string().max(254).openapi({ example: 'ada@example.com' }) })
  .strict()
  .openapi('PasswordResetRequest');

export const PasswordResetAcceptedSchema = z
  .object({ status: z.literal('accepted'), detail: z.string() })
  .strict()
  .openapi('PasswordResetAccepted');

export const PasswordResetConfirmBody = z
  .object({
    token: z.string().max(OPAQUE_TOKEN_MAX_LENGTH).openapi({ description: 'From the link in the reset e-mail (`#token=…`).' }),
    new_password: z.string().max(PASSWORD_MAX_LENGTH).openapi({ format: 'password' }),
  })
  .strict()
  .openapi('PasswordResetConfirm');
