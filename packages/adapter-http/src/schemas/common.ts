import { z } from '@hono/zod-openapi';
import { MAX_PAGE_SIZE } from '@hexabill/core';

export const JSON_TYPE = 'application/json';

export const ProblemSchema = z
  .object({
    type: z.string().openapi({ example: 'urn:hexabill:problem:user-email-taken' }),
    title: z.string().openapi({ example: 'Conflict' }),
    status: z.number().int().openapi({ example: 409 }),
    detail: z.string().openapi({ example: 'A user with this email already exists.' }),
    code: z.string().openapi({ example: 'USER_EMAIL_TAKEN' }),
    request_id: z.string(),
    errors: z
      .array(z.object({ path: z.string(), message: z.string() }).strict())
      .optional()
      .openapi({ description: 'Every invalid field, for validation errors (422).' }),
  })
  .strict()
  .openapi('Problem', { description: 'RFC 9457 problem details (application/problem+json).' });

const PROBLEM_DESCRIPTIONS: Readonly<Record<number, string>> = {
  400: 'Malformed JSON.',
  401: 'Missing, invalid or expired bearer token (or wrong credentials).',
  403: 'Authenticated, but not allowed (admin only).',
  404: 'Not found, or not yours.',
  409: 'Conflict with the current state.',
  412: 'If-Match does not match the current version.',
  413: 'Body too large.',
  415: 'Body is not application/json.',
  422: 'Validation failed; `errors` lists every invalid field.',
  429: 'Too many attempts; see Retry-After.',
  500: 'Unexpected error (no internal detail is returned).',
  503: 'A dependency (the database, the payment gateway) is unavailable for now; retry after Retry-After seconds.',
};

export interface ProblemContract {
  description: string;
  content: { 'application/problem+json': { schema: typeof ProblemSchema } };
}

/**
 * The problem+json responses a route can give, for its OpenAPI contract. Keyed by the literal
 * statuses, so the compiler holds each handler to them. 500 and 503 are always possible: any route
 * may meet a bug, and every route needs the database.
 */
export function problems<const S extends readonly number[]>(...statuses: S): { [K in S[number] | 500 | 503]: ProblemContract } {
  const all = [...new Set([...statuses, 500, 503])];
  return Object.fromEntries(
    all.map((status) => [
      status,
      { description: PROBLEM_DESCRIPTIONS[status] ?? 'Error.', content: { 'application/problem+json': { schema: ProblemSchema } } },
    ]),
  ) as { [K in S[number] | 500 | 503]: ProblemContract };
}

/** The problems every body-carrying route can give before its handler runs. */
export const BODY_PROBLEMS = [400, 413, 415, 422] as const;

export const IdParam = z.object({
  id: z.string().openapi({ param: { name: 'id', in: 'path' }, format: 'uuid', example: '01930000-0000-7000-8000-000000000000' }),
});

/** List query parameters: keyset pagination (recommended) and the deprecated numbered pages. */
export const ListQuery = {
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_PAGE_SIZE)
    .optional()
    .openapi({ example: 20, description: 'Items per list, 1–100 (default 20).' }),
  starting_after: z.string().max(256).optional().openapi({ description: 'A `next_cursor`: the items after it (older).' }),
  ending_before: z.string().max(256).optional().openapi({ description: 'A `previous_cursor`: the items before it (newer).' }),
  include: z.enum(['total']).optional().openapi({ description: '`total` counts every matching item too — costly on large tables.' }),
  page: z.coerce.number().int().min(1).max(1_000_000).optional().openapi({
    deprecated: true,
    description: 'Deprecated: numbered pages count every item on each request. Use `limit` and `starting_after`.',
  }),
  page_size: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_PAGE_SIZE)
    .optional()
    .openapi({ deprecated: true, description: 'Deprecated, with `page`.' }),
};

type SliceSchema<T extends z.ZodType> = z.ZodObject<
  {
    items: z.ZodArray<T>;
    has_more: z.ZodBoolean;
    next_cursor: z.ZodNullable<z.ZodString>;
    previous_cursor: z.ZodNullable<z.ZodString>;
    total: z.ZodOptional<z.ZodNumber>;
  },
  z.core.$strict
>;
type PageSchema<T extends z.ZodType> = z.ZodObject<
  { items: z.ZodArray<T>; page: z.ZodNumber; page_size: z.ZodNumber; total: z.ZodNumber; total_pages: z.ZodNumber },
  z.core.$strict
>;

/** A list answer: a keyset slice (the default), or a numbered page when `page`/`page_size` was asked for. */
export function listSchema<T extends z.ZodType>(item: T, name: string): z.ZodUnion<[SliceSchema<T>, PageSchema<T>]> {
  const slice = z
    .object({
      items: z.array(item),
      has_more: z.boolean(),
      next_cursor: z.string().nullable().openapi({ description: 'Pass as `starting_after` for the next (older) items; null at the end.' }),
      previous_cursor: z.string().nullable().openapi({ description: 'Pass as `ending_before` for the previous (newer) items.' }),
      total: z.number().int().optional().openapi({ description: 'Only with `include=total`.' }),
    })
    .strict()
    .openapi(`${name}List`);
  const page = z
    .object({
      items: z.array(item),
      page: z.number().int(),
      page_size: z.number().int(),
      total: z.number().int(),
      total_pages: z.number().int(),
    })
    .strict()
    .openapi(`${name}Page`, { deprecated: true });
  return z.union([slice, page]);
}

export const BEARER = [{ bearerAuth: [] }];

export const ETagHeader = z.string().openapi({ description: 'The resource version, for If-Match.', example: '"3"' });
