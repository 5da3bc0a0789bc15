import type { RouteHandler } from '@hono/zod-openapi';
import type { InvoiceView, UseCases } from '@hexabill/core';
import type { AppEnv } from '../app-env.js';
import { etagOf, isNotModified } from '../etag.js';
import { idempotencyRequest, REPLAY_HEADER } from '../idempotency-key.js';
import { invoiceJson, pageJson, type InvoiceJson } from '../json-views.js';
import { valueOrProblem } from '../problem/problem.js';
import { requestContext } from '../request-context.js';
import type * as routes from './invoices.routes.js';

type Handler<R extends keyof typeof routes> = RouteHandler<(typeof routes)[R], AppEnv>;

export function invoicesHandlers(
  useCases: UseCases,
  idempotencyTtlSeconds: number,
): {
  createInvoice: Handler<'createInvoice'>;
  listInvoices: Handler<'listInvoices'>;
  getInvoice: Handler<'getInvoice'>;
  requestPayment: Handler<'requestPayment'>;
} {
  return {
    createInvoice: async (c) => {
      const body = c.req.valid('json');
      const { user_id: userId, amount, currency } = body;
      const present = (view: InvoiceView) => ({ status: 201, body: invoiceJson(view) });
      const outcome = valueOrProblem(
        await useCases.createInvoice.executeIdempotent(
          { userId, amount, currency },
          requestContext(c),
          idempotencyRequest(c, body, idempotencyTtlSeconds, present),
        ),
      );
      // A replay answers exactly what the first request answered.
      const json = outcome.kind === 'fresh' ? invoiceJson(outcome.value) : (outcome.response.body as InvoiceJson);
      const headers: Record<string, string> = { Location: `/api/v1/invoices/${json.id}` };
      if (outcome.kind === 'replay') headers[REPLAY_HEADER] = 'true';
      return c.json(json, 201, headers);
    },

    listInvoices: async (c) => {
      const { page, page_size: pageSize, user_id: userId, status } = c.req.valid('query');
      const result = valueOrProblem(await useCases.listInvoices.execute({ page, pageSize, userId, status }, requestContext(c)));
      return c.json(pageJson(result, invoiceJson), 200);
    },

    getInvoice: async (c) => {
      const invoice = valueOrProblem(await useCases.getInvoice.execute({ id: c.req.valid('param').id }, requestContext(c)));
      if (isNotModified(c.req.header('if-none-match'), invoice.version)) return c.body(null, 304, { ETag: etagOf(invoice.version) });
      return c.json(invoiceJson(invoice), 200, { ETag: etagOf(invoice.version) });
    },

    requestPayment: async (c) => {
      const { id } = c.req.valid('param');
      const present = (view: InvoiceView) => ({ status: 202, body: invoiceJson(view) });
      const outcome = valueOrProblem(
        await useCases.requestInvoicePayment.executeIdempotent(
          { id },
          requestContext(c),
          idempotencyRequest(c, null, idempotencyTtlSeconds, present),
        ),
      );
      if (outcome.kind === 'replay') return c.json(outcome.response.body as InvoiceJson, 202, { [REPLAY_HEADER]: 'true' });
      return c.json(invoiceJson(outcome.value), 202);
    },
  };
}
