import { createRoute, z } from '@hono/zod-openapi';
import { requireAdmin, requireUser } from '../middleware/authenticate.js';
import { BEARER, BODY_PROBLEMS, ETagHeader, IdParam, JSON_TYPE, problems } from '../schemas/common.js';
import { CreateInvoiceBody, InvoiceListQuery, InvoiceListSchema, InvoiceSchema } from '../schemas/invoice-schemas.js';

const IdempotencyKeyHeader = z.object({
  'idempotency-key': z
    .string()
    .max(255)
    .optional()
    .openapi({ description: 'Retrying with the same key and body replays the first response without repeating the effect.' }),
});

export const createInvoice = createRoute({
  operationId: 'createInvoice',
  method: 'post',
  path: '/api/v1/invoices',
  tags: ['invoices'],
  summary: 'Bill a user (admin)',
  security: BEARER,
  middleware: [requireAdmin] as const,
  request: {
    headers: IdempotencyKeyHeader,
    body: { required: true, content: { [JSON_TYPE]: { schema: CreateInvoiceBody } } },
  },
  responses: {
    201: { description: 'A pending invoice.', content: { [JSON_TYPE]: { schema: InvoiceSchema } } },
    ...problems(...BODY_PROBLEMS, 401, 403, 404, 409),
  },
});

export const listInvoices = createRoute({
  operationId: 'listInvoices',
  method: 'get',
  path: '/api/v1/invoices',
  tags: ['invoices'],
  summary: 'List invoices, newest first (admins: all; users: their own)',
  security: BEARER,
  middleware: [requireUser] as const,
  request: { query: InvoiceListQuery },
  responses: {
    200: {
      description: 'Invoices, newest first: a keyset list (or a numbered page, deprecated).',
      content: { [JSON_TYPE]: { schema: InvoiceListSchema } },
    },
    ...problems(401, 422),
  },
});

export const getInvoice = createRoute({
  operationId: 'getInvoice',
  method: 'get',
  path: '/api/v1/invoices/{id}',
  tags: ['invoices'],
  summary: 'An invoice (owner or admin)',
  security: BEARER,
  middleware: [requireUser] as const,
  request: { params: IdParam },
  responses: {
    200: { description: 'The invoice.', headers: z.object({ ETag: ETagHeader }), content: { [JSON_TYPE]: { schema: InvoiceSchema } } },
    304: { description: 'Not modified since the ETag in If-None-Match.' },
    ...problems(401, 404),
  },
});

export const requestPayment = createRoute({
  operationId: 'requestInvoicePayment',
  method: 'post',
  path: '/api/v1/invoices/{id}/request-payment',
  tags: ['invoices'],
  summary: 'Ask for the invoice to be charged (owner or admin)',
  description:
    'Accepted: a worker charges the invoice and marks it paid or payment_failed. While a payment is being processed the ' +
    'answer is 409; once it has stayed unsettled past the reconcile time (PAYMENT_RECONCILE_AFTER_SECONDS), the gateway ' +
    'is asked first: a charge that went through makes the invoice paid (409 INVOICE_ALREADY_PAID), none lets payment be ' +
    'requested again (202), and no answer from the gateway is 503 PAYMENT_GATEWAY_UNAVAILABLE.',
  security: BEARER,
  middleware: [requireUser] as const,
  request: { params: IdParam, headers: IdempotencyKeyHeader },
  responses: {
    202: { description: 'Payment requested.', content: { [JSON_TYPE]: { schema: InvoiceSchema } } },
    // 413 and 415: the route takes no body, but one sent anyway is refused like anywhere else.
    ...problems(401, 404, 409, 413, 415, 422),
  },
});
