import { z } from '@hono/zod-openapi';
import { CURRENCIES, INVOICE_STATUSES } from '@hexabill/core';
import { ListQuery, listSchema } from './common.js';

export const InvoiceSchema = z
  .object({
    id: z.uuid(),
    user_id: z.uuid(),
    amount: z.string().openapi({ description: 'Exact decimal amount.', example: '100.00' }),
    currency: z.enum(CURRENCIES),
    status: z.enum(INVOICE_STATUSES),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
    paid_at: z.iso.datetime().nullable(),
    version: z.number().int(),
  })
  .strict()
  .openapi('Invoice');

export const InvoiceListSchema = listSchema(InvoiceSchema, 'Invoice');

export const CreateInvoiceBody = z
  .object({
    user_id: z.string().max(64).openapi({ format: 'uuid' }),
    amount: z
      .union([z.string().max(32), z.number()])
      .openapi({ description: 'More than 0, at most 2 decimals: "100.00" or 100.5.', example: '100.00' }),
    currency: z.string().max(3).optional().openapi({ example: 'USD', description: 'ISO 4217; defaults to USD.' }),
  })
  .strict()
  .openapi('CreateInvoice');

export const InvoiceListQuery = z.object({
  ...ListQuery,
  user_id: z.string().max(64).optional().openapi({ format: 'uuid' }),
  status: z.enum(INVOICE_STATUSES).optional(),
});
