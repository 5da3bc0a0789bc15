import { beforeEach, describe, expect, it } from 'vitest';
import { Principals, type EventEnvelope, type RequestContext } from '../../src/index.js';
import { aUser, anAdmin, anInvoice, createTestKit, type TestKit } from '../../src/testing/index.js';

const as = (user: { id: string; role: 'user' | 'admin' }): RequestContext => ({ principal: Principals.user(user.id, user.role) });

let kit: TestKit;
beforeEach(() => {
  kit = createTestKit();
});

describe('CreateInvoice', () => {
  it('lets an admin bill a user: a pending invoice and invoice.created', async () => {
    const admin = anAdmin();
    const user = aUser();
    await kit.seed(admin, user);
    const invoice = (
      await kit.createInvoice.execute({ userId: user.id, amount: '100.5', currency: 'EUR' }, { ...as(admin), correlationId: 'r' })
    )._unsafeUnwrap();
    expect(invoice).toMatchObject({ userId: user.id, amount: '100.50', currency: 'EUR', status: 'pending', paidAt: null });
    expect(kit.outbox.envelopes).toMatchObject([
      { event_type: 'invoice.created', payload: { invoice_id: invoice.id, user_id: user.id, amount: '100.50', currency: 'EUR' } },
    ]);
  });

  it('defaults the currency to USD and accepts a number', async () => {
    const admin = anAdmin();
    const user = aUser();
    await kit.seed(admin, user);
    const invoice = (await kit.createInvoice.execute({ userId: user.id, amount: 19.99 }, as(admin)))._unsafeUnwrap();
    expect(invoice).toMatchObject({ amount: '19.99', currency: 'USD' });
  });

  it('refuses bad amounts, currencies and ids, each named', async () => {
    const admin = anAdmin();
    await kit.seed(admin);
    const error = (await kit.createInvoice.execute({ userId: 'x', amount: '1.001', currency: 'usd' }, as(admin)))._unsafeUnwrapErr();
    expect(error.code === 'VALIDATION_FAILED' && error.issues.map((i) => i.path)).toEqual(['user_id', 'amount', 'currency']);
    const zero = (await kit.createInvoice.execute({ userId: admin.id, amount: 0 }, as(admin)))._unsafeUnwrapErr();
    expect(zero.code).toBe('VALIDATION_FAILED');
  });

  it('needs an existing user and an admin', async () => {
    const admin = anAdmin();
    const user = aUser();
    await kit.seed(admin, user);
    const missing = await kit.createInvoice.execute({ userId: kit.ids.next(), amount: 1 }, as(admin));
    expect(missing._unsafeUnwrapErr().code).toBe('USER_NOT_FOUND');
    const self = await kit.createInvoice.execute({ userId: user.id, amount: 1 }, as(user));
    expect(self._unsafeUnwrapErr().code).toBe('FORBIDDEN');
    expect(kit.outbox.envelopes).toEqual([]);
  });
});

describe('GetInvoice and ListInvoices', () => {
  it('shows an invoice to its owner and admins, and "not found" to anyone else', async () => {
    const owner = aUser();
    const stranger = aUser();
    const admin = anAdmin();
    const invoice = anInvoice({ userId: owner.id });
    await kit.seed(owner, stranger, admin, invoice);
    expect((await kit.getInvoice.execute({ id: invoice.id }, as(owner)))._unsafeUnwrap().id).toBe(invoice.id);
    expect((await kit.getInvoice.execute({ id: invoice.id }, as(admin)))._unsafeUnwrap().id).toBe(invoice.id);
    expect((await kit.getInvoice.execute({ id: invoice.id }, as(stranger)))._unsafeUnwrapErr().code).toBe('INVOICE_NOT_FOUND');
  });

  it('lists everything to admins and only their own to users, with filters', async () => {
    const alice = aUser();
    const bob = aUser();
    const admin = anAdmin();
    const alices = [anInvoice({ userId: alice.id }), anInvoice({ userId: alice.id, status: 'paid' })];
    const bobs = anInvoice({ userId: bob.id });
    await kit.seed(alice, bob, admin, ...alices, bobs);

    expect((await kit.listInvoices.execute({ includeTotal: true }, as(admin)))._unsafeUnwrap().total).toBe(3);
    expect((await kit.listInvoices.execute({ userId: bob.id }, as(admin)))._unsafeUnwrap().items.map((i) => i.id)).toEqual([bobs.id]);
    expect((await kit.listInvoices.execute({ includeTotal: true }, as(alice)))._unsafeUnwrap().total).toBe(2);
    expect((await kit.listInvoices.execute({ status: 'paid' }, as(alice)))._unsafeUnwrap().items.map((i) => i.id)).toEqual([alices[1]!.id]);
    expect((await kit.listInvoices.execute({ userId: bob.id, page: 1 }, as(alice)))._unsafeUnwrap()).toMatchObject({ items: [], total: 0 });
    expect((await kit.listInvoices.execute({ userId: bob.id }, as(alice)))._unsafeUnwrap()).toMatchObject({ items: [], hasMore: false });
    expect((await kit.listInvoices.execute({ status: 'lost' }, as(alice)))._unsafeUnwrapErr().code).toBe('VALIDATION_FAILED');
  });
});

describe('RequestInvoicePayment', () => {
  it('moves a pending invoice to payment_requested and records the request', async () => {
    const owner = aUser();
    const invoice = anInvoice({ userId: owner.id, amount: '42.00' });
    await kit.seed(owner, invoice);
    const requested = (await kit.requestInvoicePayment.execute({ id: invoice.id }, { ...as(owner), correlationId: 'r9' }))._unsafeUnwrap();
    expect(requested).toMatchObject({ status: 'payment_requested', version: 2 });
    expect(kit.outbox.envelopes).toMatchObject([
      {
        event_type: 'invoice.payment_requested',
        correlation_id: 'r9',
        payload: { invoice_id: invoice.id, user_id: owner.id, amount: '42.00', currency: 'USD', payment_attempt: 1 },
      },
    ]);
  });

  it('refuses a paid invoice and one whose payment is already underway', async () => {
    const owner = aUser();
    const paid = anInvoice({ userId: owner.id, status: 'paid', paidAt: new Date() });
    const underway = anInvoice({ userId: owner.id, status: 'payment_requested', paymentAttempt: 1 });
    await kit.seed(owner, paid, underway);
    expect((await kit.requestInvoicePayment.execute({ id: paid.id }, as(owner)))._unsafeUnwrapErr().code).toBe('INVOICE_ALREADY_PAID');
    expect((await kit.requestInvoicePayment.execute({ id: underway.id }, as(owner)))._unsafeUnwrapErr().code).toBe(
      'INVOICE_PAYMENT_IN_PROGRESS',
    );
    expect(kit.outbox.envelopes).toEqual([]);
  });

  it('will not let a user pay someone else’s invoice', async () => {
    const owner = aUser();
    const stranger = aUser();
    const invoice = anInvoice({ userId: owner.id });
    await kit.seed(owner, stranger, invoice);
    expect((await kit.requestInvoicePayment.execute({ id: invoice.id }, as(stranger)))._unsafeUnwrapErr().code).toBe('INVOICE_NOT_FOUND');
    expect(kit.database.committed.invoices.get(invoice.id)?.status).toBe('pending');
  });

  it('accepts exactly one of many concurrent requests', async () => {
    const owner = aUser();
    const invoice = anInvoice({ userId: owner.id });
    await kit.seed(owner, invoice);
    const results = await Promise.all(Array.from({ length: 10 }, () => kit.requestInvoicePayment.execute({ id: invoice.id }, as(owner))));
    expect(results.filter((r) => r.isOk())).toHaveLength(1);
    expect(new Set(results.filter((r) => r.isErr()).map((r) => r._unsafeUnwrapErr().code))).toEqual(
      new Set(['INVOICE_PAYMENT_IN_PROGRESS']),
    );
    expect(kit.outbox.envelopes).toHaveLength(1);
  });
});

describe('ProcessInvoicePayment', () => {
  const once = { attempt: 1, maxAttempts: 5 };

  async function requestedInvoice(): Promise<{ invoiceId: string; event: EventEnvelope }> {
    const owner = aUser();
    const invoice = anInvoice({ userId: owner.id, amount: '10.00' });
    await kit.seed(owner, invoice);
    await kit.requestInvoicePayment.execute({ id: invoice.id }, as(owner));
    const event = kit.outbox.envelopes.at(-1)!;
    return { invoiceId: invoice.id, event };
  }

  const handler = () => kit.handlers.find((h) => h.subscription.consumer === 'billing.process-invoice-payment')!;
  const eventsOfType = (type: string) => kit.outbox.envelopes.filter((e) => e.event_type === type);

  it('charges once and marks the invoice paid, recording invoice.paid caused by the request', async () => {
    const { invoiceId, event } = await requestedInvoice();
    expect((await handler().handle(event, once))._unsafeUnwrap()).toBe('handled');
    expect(kit.database.committed.invoices.get(invoiceId)).toMatchObject({ status: 'paid', paidAt: kit.clock.now() });
    expect(kit.gateway.successfulCharges.map((c) => [c.request.idempotencyKey, c.request.amount.toDecimalString()])).toEqual([
      [`${invoiceId}:1`, '10.00'],
    ]);
    expect(eventsOfType('invoice.paid')).toMatchObject([
      { causation_id: event.event_id, correlation_id: event.correlation_id, payload: { invoice_id: invoiceId, amount: '10.00' } },
    ]);
  });

  it('changes nothing when the same event is delivered again', async () => {
    const { invoiceId, event } = await requestedInvoice();
    await handler().handle(event, once);
    const before = kit.database.committed.invoices.get(invoiceId);
    expect((await handler().handle(event, { attempt: 2, maxAttempts: 5 }))._unsafeUnwrap()).toBe('duplicate');
    expect(kit.database.committed.invoices.get(invoiceId)).toBe(before);
    expect(kit.gateway.successfulCharges).toHaveLength(1);
    expect(eventsOfType('invoice.paid')).toHaveLength(1);
  });

  it('changes nothing when a second event for the same request arrives after payment', async () => {
    const { event } = await requestedInvoice();
    await handler().handle(event, once);
    const copy = { ...event, event_id: kit.ids.next() };
    expect((await handler().handle(copy, once))._unsafeUnwrap()).toBe('ignored');
    expect(kit.gateway.calls).toBe(1);
    expect(eventsOfType('invoice.paid')).toHaveLength(1);
  });

  it('pays once when two workers handle the same event at the same time', async () => {
    const { event } = await requestedInvoice();
    const outcomes = await Promise.all([handler().handle(event, once), handler().handle(event, once)]);
    expect(outcomes.map((o) => o._unsafeUnwrap()).sort()).toEqual(['duplicate', 'handled']);
    expect(kit.gateway.successfulCharges).toHaveLength(1);
    expect(eventsOfType('invoice.paid')).toHaveLength(1);
  });

  it('leaves the message for retry on a transient failure, then pays', async () => {
    const { invoiceId, event } = await requestedInvoice();
    kit.gateway.failTransiently(1);
    expect((await handler().handle(event, once))._unsafeUnwrapErr().code).toBe('PAYMENT_GATEWAY_UNAVAILABLE');
    expect(kit.database.committed.invoices.get(invoiceId)?.status).toBe('payment_requested');
    expect((await handler().handle(event, { attempt: 2, maxAttempts: 5 }))._unsafeUnwrap()).toBe('handled');
    expect(kit.database.committed.invoices.get(invoiceId)?.status).toBe('paid');
  });

  it('marks the payment failed on a decline, and a new request can then succeed', async () => {
    const { invoiceId, event } = await requestedInvoice();
    kit.gateway.decline('insufficient_funds');
    expect((await handler().handle(event, once))._unsafeUnwrap()).toBe('handled');
    expect(kit.database.committed.invoices.get(invoiceId)).toMatchObject({ status: 'payment_failed', failureReason: 'insufficient_funds' });
    expect(eventsOfType('invoice.payment_failed')).toMatchObject([{ payload: { invoice_id: invoiceId, reason: 'insufficient_funds' } }]);

    const admin = anAdmin();
    await kit.seed(admin);
    await kit.requestInvoicePayment.execute({ id: invoiceId }, as(admin));
    const retry = eventsOfType('invoice.payment_requested').at(-1)!;
    expect(retry.payload).toMatchObject({ payment_attempt: 2 });
    // The old request, delivered late, must not settle the new one.
    expect((await handler().handle(event, { attempt: 3, maxAttempts: 5 }))._unsafeUnwrap()).toBe('duplicate');
    expect((await handler().handle({ ...event, event_id: kit.ids.next() }, once))._unsafeUnwrap()).toBe('ignored');
    expect((await handler().handle(retry, once))._unsafeUnwrap()).toBe('handled');
    expect(kit.database.committed.invoices.get(invoiceId)?.status).toBe('paid');
    expect(kit.gateway.successfulCharges.map((c) => c.request.idempotencyKey)).toEqual([`${invoiceId}:2`]);
  });

  it('leaves the payment to the reconciler when the gateway is still down on the last delivery', async () => {
    const { invoiceId, event } = await requestedInvoice();
    kit.gateway.failTransiently(5);
    for (let attempt = 1; attempt < 5; attempt += 1) {
      expect((await handler().handle(event, { attempt, maxAttempts: 5 })).isErr()).toBe(true);
    }
    // Acknowledged, not dead-lettered: the outcome is unknown, so it is not called a failure either.
    expect((await handler().handle(event, { attempt: 5, maxAttempts: 5 }))._unsafeUnwrap()).toBe('handled');
    expect(kit.database.committed.invoices.get(invoiceId)?.status).toBe('payment_requested');
    expect(eventsOfType('invoice.payment_failed')).toHaveLength(0);
  });

  it('subscribes to payment requests only, so no other event reaches it', () => {
    expect(handler().subscription.eventTypes).toEqual(['invoice.payment_requested']);
  });

  it('settles a requested invoice end to end when the test kit drains the outbox', async () => {
    const { invoiceId } = await requestedInvoice();
    const report = await kit.drain();
    expect(kit.database.committed.invoices.get(invoiceId)?.status).toBe('paid');
    expect(kit.gateway.successfulCharges).toHaveLength(1);
    // payment_requested (to the payment consumer), then paid (to the audit consumer); seeding records no event.
    expect(report).toEqual({ published: 2, delivered: 2 });
  });
});

describe('logging consumers', () => {
  it('log each event once', async () => {
    await kit.registerUser.execute({ email: 'a@example.com', name: 'A', password: 'password-1' }, { principal: Principals.anonymous() });
    const [created] = kit.outbox.envelopes;
    const audit = kit.handlers.find((h) => h.subscription.eventTypes.includes('user.created'))!;
    expect((await audit.handle(created!, { attempt: 1, maxAttempts: 5 }))._unsafeUnwrap()).toBe('handled');
    expect((await audit.handle(created!, { attempt: 2, maxAttempts: 5 }))._unsafeUnwrap()).toBe('duplicate');
    expect(kit.logger.entries.filter((e) => e.message === 'event user.created')).toHaveLength(1);
  });

  it('every event type has a consumer', async () => {
    const { EVENT_TYPES } = await import('../../src/index.js');
    const covered = new Set(kit.handlers.flatMap((h) => h.subscription.eventTypes));
    expect(EVENT_TYPES.filter((t) => !covered.has(t))).toEqual([]);
  });
});
