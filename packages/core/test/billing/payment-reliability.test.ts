import { beforeEach, describe, expect, it } from 'vitest';
import { chargeKeyOf, NOT_CHARGED_REASON, Principals, type EventEnvelope, type RequestContext } from '../../src/index.js';
import { aUser, anAdmin, anInvoice, createTestKit, type TestKit } from '../../src/testing/index.js';

const timings = { reconcileAfterMs: 60_000, retryAfterMs: 10_000 };
const as = (user: { id: string; role: 'user' | 'admin' }): RequestContext => ({ principal: Principals.user(user.id, user.role) });
const once = { attempt: 1, maxAttempts: 5 };

let kit: TestKit;
beforeEach(() => {
  kit = createTestKit({ timings });
});

const handler = () => kit.handlers.find((h) => h.subscription.consumer === 'billing.process-invoice-payment')!;
const statusOf = (invoiceId: string) => kit.database.committed.invoices.get(invoiceId)?.status;
const ledgerOf = (invoiceId: string, attempt = 1) => kit.database.committed.payments.get(`${invoiceId}\u0000${String(attempt)}`);
const eventsOf = (type: string, invoiceId: string) =>
  kit.outbox.envelopes.filter((e) => e.event_type === type && e.aggregate_id === invoiceId);

async function requested(amount = '10.00') {
  const owner = aUser();
  const invoice = anInvoice({ userId: owner.id, amount });
  await kit.seed(owner, invoice);
  (await kit.requestInvoicePayment.execute({ id: invoice.id }, as(owner)))._unsafeUnwrap();
  const event = eventsOf('invoice.payment_requested', invoice.id).at(-1)!;
  return { owner, invoiceId: invoice.id, event };
}

/** What the gateway holds after a worker was killed right after the charge went out: a charge nobody recorded. */
async function chargeLostInFlight(invoiceId: string, amount = '10.00', attempt = 1): Promise<string> {
  const { Money } = await import('../../src/index.js');
  const charged = await kit.gateway.charge({
    idempotencyKey: chargeKeyOf(invoiceId, attempt),
    invoiceId,
    customerId: 'someone',
    amount: Money.positive(amount)._unsafeUnwrap(),
  });
  const outcome = charged._unsafeUnwrap();
  if (outcome.status !== 'succeeded') throw new Error('expected a charge');
  return outcome.chargeId;
}

describe('the payment ledger', () => {
  it('enters each payment request, due for reconciliation after the configured time', async () => {
    const { invoiceId, owner } = await requested('42.00');
    expect(ledgerOf(invoiceId)).toMatchObject({
      userId: owner.id,
      attempt: 1,
      idempotencyKey: `${invoiceId}:1`,
      state: 'requested',
      checkAfter: new Date(kit.clock.now().getTime() + timings.reconcileAfterMs),
    });
    expect(ledgerOf(invoiceId)?.amount.toDecimalString()).toBe('42.00');
  });

  it('records the attempt as started, committed, before the gateway is called', async () => {
    const { invoiceId, event } = await requested();
    const charge = kit.gateway.charge.bind(kit.gateway);
    let seenWhileCharging: unknown;
    kit.gateway.charge = (request) => {
      seenWhileCharging = ledgerOf(invoiceId)?.state;
      return charge(request);
    };
    await handler().handle(event, once);
    expect(seenWhileCharging).toBe('started');
    expect(ledgerOf(invoiceId)).toMatchObject({ state: 'succeeded', chargeId: expect.any(String), checkAfter: null });
  });

  it('records a decline, and keeps every attempt when the invoice is paid on a later one', async () => {
    const { invoiceId, event, owner } = await requested();
    kit.gateway.decline('insufficient_funds');
    await handler().handle(event, once);
    expect(ledgerOf(invoiceId)).toMatchObject({ state: 'declined', detail: 'insufficient_funds' });
    await kit.requestInvoicePayment.execute({ id: invoiceId }, as(owner));
    await handler().handle(eventsOf('invoice.payment_requested', invoiceId).at(-1)!, once);
    expect(ledgerOf(invoiceId, 2)).toMatchObject({ state: 'succeeded' });
    expect(ledgerOf(invoiceId, 1)).toMatchObject({ state: 'declined' });
  });

  it('keeps the record of money when the user and their invoices are deleted', async () => {
    const { invoiceId, event, owner } = await requested();
    await handler().handle(event, once);
    (await kit.deleteUser.execute({ id: owner.id }, as(owner)))._unsafeUnwrap();
    expect(kit.database.committed.invoices.has(invoiceId)).toBe(false);
    expect(ledgerOf(invoiceId)).toMatchObject({ state: 'succeeded', userId: owner.id });
  });
});

describe('the reconciler', () => {
  it('settles as paid a charge whose worker was killed before recording it, once it is due — and only then', async () => {
    const { invoiceId, event } = await requested();
    // The worker got as far as the gateway, then died: started in the ledger, charged at the gateway.
    const start = kit.gateway.charge.bind(kit.gateway);
    kit.gateway.charge = async (request) => {
      await start(request);
      throw new Error('SIGKILL');
    };
    await expect(handler().handle(event, once)).rejects.toThrow('SIGKILL');
    kit.gateway.charge = start;
    expect(ledgerOf(invoiceId)?.state).toBe('started');

    kit.clock.advance(timings.reconcileAfterMs - 1);
    expect(await kit.reconciler.runOnce()).toMatchObject({ paid: 0 });
    expect(statusOf(invoiceId)).toBe('payment_requested');

    kit.clock.advance(1);
    expect(await kit.reconciler.runOnce()).toMatchObject({ paid: 1 });
    expect(statusOf(invoiceId)).toBe('paid');
    expect(ledgerOf(invoiceId)).toMatchObject({ state: 'succeeded', checkAfter: null });
    expect(eventsOf('invoice.paid', invoiceId)).toHaveLength(1);

    // The message, delivered again (or redriven from the dead-letter queue), changes nothing.
    expect((await handler().handle(event, { attempt: 2, maxAttempts: 5 }))._unsafeUnwrap()).toBe('ignored');
    expect(kit.gateway.successfulCharges).toHaveLength(1);
    expect(eventsOf('invoice.paid', invoiceId)).toHaveLength(1);
    expect(await kit.reconciler.runOnce()).toMatchObject({ paid: 0, failed: 0 });
  });

  it('settles as payment_failed a request whose charge was never made, so the owner can pay again', async () => {
    const { invoiceId, event, owner } = await requested();
    kit.clock.advance(timings.reconcileAfterMs);
    expect(await kit.reconciler.runOnce()).toMatchObject({ failed: 1 });
    expect(kit.database.committed.invoices.get(invoiceId)).toMatchObject({ status: 'payment_failed', failureReason: NOT_CHARGED_REASON });
    expect(ledgerOf(invoiceId)).toMatchObject({ state: 'not_charged' });
    expect(eventsOf('invoice.payment_failed', invoiceId)).toHaveLength(1);

    // The message arriving late does not charge the settled request.
    expect((await handler().handle(event, once))._unsafeUnwrap()).toBe('ignored');
    expect(kit.gateway.successfulCharges).toHaveLength(0);
    expect((await kit.requestInvoicePayment.execute({ id: invoiceId }, as(owner)))._unsafeUnwrap().status).toBe('payment_requested');
  });

  it('tries again later when the gateway cannot answer the look-up', async () => {
    const { invoiceId } = await requested();
    await chargeLostInFlight(invoiceId);
    kit.clock.advance(timings.reconcileAfterMs);
    kit.gateway.failTransiently(1);
    expect(await kit.reconciler.runOnce()).toMatchObject({ deferred: 1, paid: 0 });
    expect(statusOf(invoiceId)).toBe('payment_requested');
    expect(kit.logger.entries.some((e) => e.level === 'warn' && e.message.startsWith('payment gateway unavailable'))).toBe(true);
    expect(await kit.reconciler.runOnce()).toMatchObject({ deferred: 0, paid: 0 });
    kit.clock.advance(timings.retryAfterMs);
    expect(await kit.reconciler.runOnce()).toMatchObject({ paid: 1 });
    expect(statusOf(invoiceId)).toBe('paid');
  });

  it('settles a payment whose last delivery found the gateway down', async () => {
    const { invoiceId, event } = await requested();
    kit.gateway.failTransiently(1);
    expect((await handler().handle(event, { attempt: 5, maxAttempts: 5 }))._unsafeUnwrap()).toBe('handled');
    expect(ledgerOf(invoiceId)?.state).toBe('started');
    kit.clock.advance(timings.reconcileAfterMs);
    expect(await kit.reconciler.runOnce()).toMatchObject({ failed: 1 });
    expect(statusOf(invoiceId)).toBe('payment_failed');
  });

  it('works through every due entry in one round', async () => {
    const ids = [];
    for (let i = 0; i < 5; i += 1) ids.push((await requested()).invoiceId);
    await chargeLostInFlight(ids[0]!);
    await chargeLostInFlight(ids[1]!);
    kit.clock.advance(timings.reconcileAfterMs);
    expect(await kit.reconciler.runOnce()).toMatchObject({ paid: 2, failed: 3 });
    expect(ids.map(statusOf)).toEqual(['paid', 'paid', 'payment_failed', 'payment_failed', 'payment_failed']);
  });
});

describe('a charge that no invoice records is refunded, never just logged', () => {
  it('refunds a charge that completes after the reconciler settled the request as not charged', async () => {
    const { invoiceId, event } = await requested();
    const charge = kit.gateway.charge.bind(kit.gateway);
    // The provider takes the charge only as it answers — after the reconciler, running meanwhile, found none.
    kit.gateway.charge = async (request) => {
      kit.clock.advance(timings.reconcileAfterMs);
      await kit.reconciler.runOnce();
      return charge(request);
    };
    expect((await handler().handle(event, once))._unsafeUnwrap()).toBe('handled');
    expect(statusOf(invoiceId)).toBe('payment_failed');
    expect(ledgerOf(invoiceId)).toMatchObject({ state: 'refunded', chargeId: 'ch_1', refundId: 're_1' });
    expect(kit.gateway.refunds.map((r) => r.request.chargeId)).toEqual(['ch_1']);
    expect(eventsOf('invoice.paid', invoiceId)).toHaveLength(0);
    expect(kit.logger.entries.filter((e) => e.level === 'warn' && e.message === 'charge refunded')).toHaveLength(1);
  });

  it('refunds a charge that completes after the invoice and its user were deleted', async () => {
    const { invoiceId, event, owner } = await requested();
    const charge = kit.gateway.charge.bind(kit.gateway);
    kit.gateway.charge = async (request) => {
      kit.clock.advance(timings.reconcileAfterMs);
      await kit.reconciler.runOnce();
      // Settled as not charged: nothing is in flight any more as far as hexabill knows, so the delete goes through.
      (await kit.deleteUser.execute({ id: owner.id }, as(owner)))._unsafeUnwrap();
      return charge(request);
    };
    await handler().handle(event, once);
    expect(kit.database.committed.invoices.has(invoiceId)).toBe(false);
    expect(ledgerOf(invoiceId)).toMatchObject({ state: 'refunded', chargeId: 'ch_1', detail: 'the invoice was deleted' });
    expect(kit.gateway.refunds).toHaveLength(1);
  });

  it('finds and refunds a charge a killed worker left behind, when its message comes again', async () => {
    const { invoiceId, event } = await requested();
    kit.clock.advance(timings.reconcileAfterMs);
    await kit.reconciler.runOnce();
    expect(ledgerOf(invoiceId)?.state).toBe('not_charged');
    // The provider took a charge it had not shown the reconciler; the worker that sent it was killed.
    await chargeLostInFlight(invoiceId);
    expect((await handler().handle(event, { attempt: 2, maxAttempts: 5 }))._unsafeUnwrap()).toBe('handled');
    expect(ledgerOf(invoiceId)?.state).toBe('refunded');
    expect(kit.gateway.refunds).toHaveLength(1);
  });

  it('keeps a refund the gateway refused for later, and the reconciler makes it', async () => {
    const { invoiceId, event } = await requested();
    const charge = kit.gateway.charge.bind(kit.gateway);
    kit.gateway.charge = async (request) => {
      kit.clock.advance(timings.reconcileAfterMs);
      await kit.reconciler.runOnce();
      const answer = await charge(request);
      kit.gateway.failTransiently(1); // the refund right after
      return answer;
    };
    await handler().handle(event, once);
    expect(ledgerOf(invoiceId)?.state).toBe('refund_due');
    kit.clock.advance(timings.retryAfterMs);
    expect(await kit.reconciler.runOnce()).toMatchObject({ refunded: 1 });
    expect(ledgerOf(invoiceId)?.state).toBe('refunded');
    expect(kit.gateway.refunds).toHaveLength(1);
  });
});

describe('the owner retrying a stuck payment', () => {
  async function stuck(): Promise<{ invoiceId: string; owner: ReturnType<typeof aUser>; event: EventEnvelope }> {
    const made = await requested();
    return made;
  }

  it('is told the payment is in progress until the reconcile time has passed', async () => {
    const { invoiceId, owner } = await stuck();
    kit.clock.advance(timings.reconcileAfterMs - 1);
    expect((await kit.requestInvoicePayment.execute({ id: invoiceId }, as(owner)))._unsafeUnwrapErr().code).toBe(
      'INVOICE_PAYMENT_IN_PROGRESS',
    );
    expect(kit.gateway.calls).toBe(0);
  });

  it('gets a new attempt after the time when no charge was made', async () => {
    const { invoiceId, owner } = await stuck();
    kit.clock.advance(timings.reconcileAfterMs);
    const retried = (await kit.requestInvoicePayment.execute({ id: invoiceId }, { ...as(owner), correlationId: 'retry' }))._unsafeUnwrap();
    expect(retried.status).toBe('payment_requested');
    expect(ledgerOf(invoiceId, 1)?.state).toBe('not_charged');
    expect(ledgerOf(invoiceId, 2)?.state).toBe('requested');
    expect(eventsOf('invoice.payment_failed', invoiceId)).toMatchObject([{ correlation_id: 'retry' }]);
    expect(eventsOf('invoice.payment_requested', invoiceId).at(-1)?.payload).toMatchObject({ payment_attempt: 2 });
  });

  it('learns the invoice was paid when the lost charge went through, and is not charged again', async () => {
    const { invoiceId } = await stuck();
    await chargeLostInFlight(invoiceId);
    const admin = anAdmin();
    await kit.seed(admin);
    kit.clock.advance(timings.reconcileAfterMs);
    expect((await kit.requestInvoicePayment.execute({ id: invoiceId }, as(admin)))._unsafeUnwrapErr().code).toBe('INVOICE_ALREADY_PAID');
    expect(statusOf(invoiceId)).toBe('paid');
    expect(kit.gateway.successfulCharges).toHaveLength(1);
  });

  it('is answered PAYMENT_GATEWAY_UNAVAILABLE, changing nothing, when the gateway cannot say', async () => {
    const { invoiceId, owner } = await stuck();
    kit.clock.advance(timings.reconcileAfterMs);
    kit.gateway.failTransiently(1);
    expect((await kit.requestInvoicePayment.execute({ id: invoiceId }, as(owner)))._unsafeUnwrapErr().code).toBe(
      'PAYMENT_GATEWAY_UNAVAILABLE',
    );
    expect(statusOf(invoiceId)).toBe('payment_requested');
    expect(ledgerOf(invoiceId)?.state).toBe('requested');
  });

  it('cannot make the gateway be asked about someone else’s invoice', async () => {
    const { invoiceId } = await stuck();
    const stranger = aUser();
    await kit.seed(stranger);
    kit.clock.advance(timings.reconcileAfterMs);
    expect((await kit.requestInvoicePayment.execute({ id: invoiceId }, as(stranger)))._unsafeUnwrapErr().code).toBe('INVOICE_NOT_FOUND');
    expect(kit.gateway.calls).toBe(0);
  });
});

describe('deleting a user', () => {
  it('is refused while a charge may be in flight, and allowed once it settled', async () => {
    const { event, owner } = await requested();
    expect((await kit.deleteUser.execute({ id: owner.id }, as(owner)))._unsafeUnwrapErr().code).toBe('USER_HAS_PAYMENT_IN_PROGRESS');
    await handler().handle(event, once);
    expect((await kit.deleteUser.execute({ id: owner.id }, as(owner))).isOk()).toBe(true);
  });
});
