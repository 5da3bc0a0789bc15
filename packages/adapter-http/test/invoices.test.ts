import { anInvoice } from '@hexabill/core/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { InvoiceListSchema, InvoiceSchema } from '../src/schemas/invoice-schemas.js';
import { expectBody, expectProblem, harness, type Harness } from './harness.js';

let h: Harness;
beforeEach(() => {
  h = harness();
});

describe('POST /api/v1/invoices', () => {
  it('lets an admin bill a user: 201 pending invoice with the exact amount', async () => {
    const admin = await h.userWithToken('admin');
    const user = await h.userWithToken();
    const res = await h.call('POST', '/api/v1/invoices', {
      token: admin.token,
      body: { user_id: user.id, amount: 100.5, currency: 'EUR' },
    });
    const invoice = await expectBody(res, 201, InvoiceSchema);
    expect(invoice).toMatchObject({ user_id: user.id, amount: '100.50', currency: 'EUR', status: 'pending', paid_at: null });
    expect(res.headers.get('location')).toBe(`/api/v1/invoices/${invoice.id}`);
  });

  it('403 for a user, 404 for an unknown user, 422 for a bad amount or unknown fields', async () => {
    const admin = await h.userWithToken('admin');
    const user = await h.userWithToken();
    await expectProblem(await h.call('POST', '/api/v1/invoices', { token: user.token, body: { user_id: user.id, amount: '1.00' } }), 403);
    await expectProblem(
      await h.call('POST', '/api/v1/invoices', {
        token: admin.token,
        body: { user_id: '00000000-0000-7000-8000-0000000000ff', amount: '1.00' },
      }),
      404,
      'USER_NOT_FOUND',
    );
    for (const amount of ['0', '-1', '1.001', 'abc', 1e300]) {
      const problem = await expectProblem(
        await h.call('POST', '/api/v1/invoices', { token: admin.token, body: { user_id: user.id, amount } }),
        422,
      );
      expect(problem.errors?.map((e) => e.path)).toEqual(['amount']);
    }
    await expectProblem(
      await h.call('POST', '/api/v1/invoices', { token: admin.token, body: { user_id: user.id, amount: '1.00', status: 'paid' } }),
      422,
    );
  });
});

describe('reading invoices', () => {
  it('owners and admins see an invoice; anyone else gets 404', async () => {
    const owner = await h.userWithToken();
    const stranger = await h.userWithToken();
    const admin = await h.userWithToken('admin');
    const invoice = anInvoice({ userId: owner.id });
    await h.kit.seed(invoice);
    const res = await h.call('GET', `/api/v1/invoices/${invoice.id}`, { token: owner.token });
    await expectBody(res, 200, InvoiceSchema);
    expect(res.headers.get('etag')).toBe('"1"');
    await expectBody(await h.call('GET', `/api/v1/invoices/${invoice.id}`, { token: admin.token }), 200, InvoiceSchema);
    await expectProblem(await h.call('GET', `/api/v1/invoices/${invoice.id}`, { token: stranger.token }), 404, 'INVOICE_NOT_FOUND');
  });

  it('lists everything to admins, only their own to users, with filters', async () => {
    const owner = await h.userWithToken();
    const other = await h.userWithToken();
    const admin = await h.userWithToken('admin');
    await h.kit.seed(
      anInvoice({ userId: owner.id }),
      anInvoice({ userId: owner.id, status: 'paid', paidAt: new Date() }),
      anInvoice({ userId: other.id }),
    );
    expect(
      (await expectBody(await h.call('GET', '/api/v1/invoices?include=total', { token: admin.token }), 200, InvoiceListSchema)).total,
    ).toBe(3);
    expect(
      (await expectBody(await h.call('GET', '/api/v1/invoices?include=total', { token: owner.token }), 200, InvoiceListSchema)).total,
    ).toBe(2);
    const paid = await expectBody(await h.call('GET', '/api/v1/invoices?status=paid', { token: owner.token }), 200, InvoiceListSchema);
    expect(paid.items.map((i: { status: string }) => i.status)).toEqual(['paid']);
    const foreign = await expectBody(
      await h.call('GET', `/api/v1/invoices?user_id=${other.id}&include=total`, { token: owner.token }),
      200,
      InvoiceListSchema,
    );
    expect(foreign).toMatchObject({ items: [], total: 0 });
    await expectProblem(await h.call('GET', '/api/v1/invoices?status=lost', { token: owner.token }), 422);
    await expectProblem(await h.call('GET', '/api/v1/invoices'), 401);
  });
});

describe('POST /api/v1/invoices/{id}/request-payment', () => {
  it('202 with the invoice awaiting payment, then 409 while it is underway', async () => {
    const owner = await h.userWithToken();
    const invoice = anInvoice({ userId: owner.id });
    await h.kit.seed(invoice);
    const res = await h.call('POST', `/api/v1/invoices/${invoice.id}/request-payment`, { token: owner.token });
    expect((await expectBody(res, 202, InvoiceSchema)).status).toBe('payment_requested');
    expect(h.kit.outbox.envelopes.map((e) => [e.event_type, e.correlation_id])).toEqual([
      ['invoice.payment_requested', res.headers.get('x-request-id')],
    ]);
    await expectProblem(
      await h.call('POST', `/api/v1/invoices/${invoice.id}/request-payment`, { token: owner.token }),
      409,
      'INVOICE_PAYMENT_IN_PROGRESS',
    );
  });

  it('409 for a paid invoice, 404 for someone else’s', async () => {
    const owner = await h.userWithToken();
    const stranger = await h.userWithToken();
    const paid = anInvoice({ userId: owner.id, status: 'paid', paidAt: new Date() });
    const pending = anInvoice({ userId: owner.id });
    await h.kit.seed(paid, pending);
    await expectProblem(
      await h.call('POST', `/api/v1/invoices/${paid.id}/request-payment`, { token: owner.token }),
      409,
      'INVOICE_ALREADY_PAID',
    );
    await expectProblem(await h.call('POST', `/api/v1/invoices/${pending.id}/request-payment`, { token: stranger.token }), 404);
    expect(h.kit.database.committed.invoices.get(pending.id)?.status).toBe('pending');
  });
});
