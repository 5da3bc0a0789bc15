import type { RouteHandler } from '@hono/zod-openapi';
import type { UseCases } from '@hexabill/core';
import type { AppEnv } from '../app-env.js';
import { etagOf, isNotModified } from '../etag.js';
import { invoiceJson, pageJson } from '../json-views.js';
import { valueOrProblem } from '../problem/problem.js';
import { requestContext } from '../request-context.js';
import type * as routes from './invoices.routes.js';

type Handler<R extends keyof typeof routes> = RouteHandler<(typeof routes)[R], AppEnv>;

export function invoicesHandlers(useCases: UseCases): {
  createInvoice: Handler<'createInvoice'>;
  listInvoices: Handler<'listInvoices'>;
  getInvoice: Handler<'getInvoice'>;
  requestPayment: Handler<'requestPayment'>;
} {
  return {
    createInvoice: async (c) => {
      const { user_id: userId, amount, currency } = c.req.valid('json');
      const invoice = valueOrProblem(await useCases.createInvoice.execute({ userId, amount, currency }, requestContext(c)));
      return c.json(invoiceJson(invoice), 201, { Location: `/api/v1/invoices/${invoice.id}` });
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
      const invoice = valueOrProblem(await useCases.requestInvoicePayment.execute({ id: c.req.valid('param').id }, requestContext(c)));
      return c.json(invoiceJson(invoice), 202);
    },
  };
}
