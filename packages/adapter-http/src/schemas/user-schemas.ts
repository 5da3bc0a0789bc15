import { z } from '@hono/zod-openapi';
import { AGE_MAX, NAME_MAX_LENGTH, PASSWORD_MAX_LENGTH, ROLES } from '@hexabill/core';
import { listSchema } from './common.js';

export const UserSchema = z
  .object({
    id: z.uuid(),
    email: z.string(),
    name: z.string(),
    age: z.number().int().nullable(),
    role: z.enum(ROLES),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
    version: z.number().int(),
  })
  .strict()
  .openapi('User');

export const UserListSchema = listSchema(UserSchema, 'User');

/** Unknown fields are refused: `role` or `version` cannot be mass-assigned. */
export const RegisterUserBody = z
  .object({
    email: z.string().max(254).openapi({ example: 'ada@example.com' }),
    name: z.string().max(NAME_MAX_LENGTH).openapi({ example: 'Ada Lovelace' }),
    age: z.number().int().min(0).max(AGE_MAX).nullable().optional().openapi({ example: 36 }),
    password: z.string().max(PASSWORD_MAX_LENGTH).openapi({ example: 'a-long-password', format: 'password' }),
  })
  .strict()
  .openapi('RegisterUser');

export const UpdateUserBody = z
  .object({
    name: z.string().max(NAME_MAX_LENGTH).optional(),
    age: z.number().int().min(0).max(AGE_MAX).nullable().optional(),
    email: z.string().max(254).optional(),
  })
  .strict()
  .openapi('UpdateUser');

export const ChangePasswordBody = z
  .object({
    current_password: z.string().max(PASSWORD_MAX_LENGTH).openapi({ format: 'password' }),
    new_password: z.string().max(PASSWORD_MAX_LENGTH).openapi({ format: 'password' }),
  })
  .strict()
  .openapi('ChangePassword');

export const ChangeRoleBody = z
  .object({ role: z.enum(ROLES) })
  .strict()
  .openapi('ChangeRole');
