import type { RouteHandler } from '@hono/zod-openapi';
import type { InvoiceView, UseCases } from '@hexabill/core';
import type { AppEnv } from '../app-env.js';
import { etagOf, isNotModified } from '../etag.js';
import { jsonOf } from '../json-body.js';
import { domainProblem } from '../problem/problem.js';
import { requestContext } from '../request-context.js';
import { respond } from '../respond.js';
import { emptyResponse, jsonResponse } from '../response.js';
import { listingJson, listInput, listScope, type CursorCodec } from '../cursor.js';
import { InvoiceSchema } from '../schemas/invoice-schemas.js';
import type * as routes from './invoices.routes.js';

type Handler<R extends keyof typeof routes> = RouteHandler<(typeof routes)[R], AppEnv>;

const invoiceJson = jsonOf(InvoiceSchema);
const location = (invoice: InvoiceView): Record<string, string> => ({ Location: `/api/v1/invoices/${invoice.id}` });

export function invoicesHandlers(
  useCases: UseCases,
  cursors: CursorCodec,
): {
  createInvoice: Handler<'createInvoice'>;
  listInvoices: Handler<'listInvoices'>;
  getInvoice: Handler<'getInvoice'>;
  requestPayment: Handler<'requestPayment'>;
} {
  return {
    createInvoice: async (c) => {
      const body = c.req.valid('json');
      const created = await useCases.createInvoice.execute(
        { userId: body.user_id, amount: body.amount, currency: body.currency },
        requestContext(c, { body }),
      );
      return respond(c, created, 201, invoiceJson, location);
    },

    listInvoices: async (c) => {
      const query = c.req.valid('query');
      const scope = listScope(c, { user_id: query.user_id, status: query.status });
      const parsed = listInput(cursors, scope, query);
      if ('error' in parsed) return domainProblem(c, parsed.error);
      const listed = await useCases.listInvoices.execute(
        { ...parsed.input, userId: query.user_id, status: query.status },
        requestContext(c),
      );
      return respond(
        c,
        listed,
        200,
        listingJson(
          (invoice: InvoiceView) => invoiceJson(invoice),
          (id) => cursors.encode(id, scope),
        ),
      );
    },

    getInvoice: async (c) => {
      const found = await useCases.getInvoice.execute({ id: c.req.valid('param').id }, requestContext(c));
      if (found.isErr()) return domainProblem(c, found.error);
      const invoice = found.value;
      if (isNotModified(c.req.header('if-none-match'), invoice.version)) return emptyResponse(c, 304, { ETag: etagOf(invoice.version) });
      return jsonResponse(c, invoiceJson(invoice), 200, { ETag: etagOf(invoice.version) });
    },

    requestPayment: async (c) => {
      const requested = await useCases.requestInvoicePayment.execute({ id: c.req.valid('param').id }, requestContext(c, { body: null }));
      return respond(c, requested, 202, invoiceJson);
    },
  };
}
