import { describe, expect, it } from 'vitest';
import { Principals, type InvoiceView } from '../../src/index.js';
import { aUser, anAdmin, anInvoice, createTestKit } from '../../src/testing/index.js';

const present = (view: InvoiceView) => ({ status: 201, body: { id: view.id, amount: view.amount } });
const request = (key: string, fingerprint = 'fp-1') => ({ key, fingerprint, ttlSeconds: 3600, present });

describe('idempotent use cases', () => {
  it('create the invoice once and replay the first answer for the same key and request', async () => {
    const kit = createTestKit();
    const admin = anAdmin();
    const user = aUser();
    await kit.seed(admin, user);
    const ctx = { principal: Principals.admin(admin.id) };
    const first = (await kit.createInvoice.executeIdempotent({ userId: user.id, amount: '5.00' }, ctx, request('k1')))._unsafeUnwrap();
    const second = (await kit.createInvoice.executeIdempotent({ userId: user.id, amount: '5.00' }, ctx, request('k1')))._unsafeUnwrap();
    expect(first.kind).toBe('fresh');
    expect(second).toEqual({ kind: 'replay', response: first.kind === 'fresh' ? present(first.value) : null });
    expect(kit.database.committed.invoices.size).toBe(1);
    expect(kit.outbox.envelopes.filter((e) => e.event_type === 'invoice.created')).toHaveLength(1);
  });

  it('refuse the same key with another request', async () => {
    const kit = createTestKit();
    const admin = anAdmin();
    const user = aUser();
    await kit.seed(admin, user);
    const ctx = { principal: Principals.admin(admin.id) };
    await kit.createInvoice.executeIdempotent({ userId: user.id, amount: '5.00' }, ctx, request('k1', 'fp-1'));
    const reused = await kit.createInvoice.executeIdempotent({ userId: user.id, amount: '6.00' }, ctx, request('k1', 'fp-2'));
    expect(reused._unsafeUnwrapErr().code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('keep nothing for a request that failed, so a corrected retry with the key works', async () => {
    const kit = createTestKit();
    const owner = aUser();
    const paid = anInvoice({ userId: owner.id, status: 'paid', paidAt: new Date() });
    await kit.seed(owner, paid);
    const ctx = { principal: Principals.user(owner.id) };
    const failed = await kit.requestInvoicePayment.executeIdempotent({ id: paid.id }, ctx, request('k2'));
    expect(failed._unsafeUnwrapErr().code).toBe('INVOICE_ALREADY_PAID');
    expect(kit.database.committed.idempotency.size).toBe(0);
    const pending = anInvoice({ userId: owner.id });
    await kit.seed(pending);
    const retried = await kit.requestInvoicePayment.executeIdempotent({ id: pending.id }, ctx, request('k2', 'fp-other'));
    expect(retried._unsafeUnwrap().kind).toBe('fresh');
  });

  it('scope keys to the principal', async () => {
    const kit = createTestKit();
    const alice = aUser();
    const bob = aUser();
    const a = anInvoice({ userId: alice.id });
    const b = anInvoice({ userId: bob.id });
    await kit.seed(alice, bob, a, b);
    await kit.requestInvoicePayment.executeIdempotent({ id: a.id }, { principal: Principals.user(alice.id) }, request('shared'));
    const bobs = await kit.requestInvoicePayment.executeIdempotent({ id: b.id }, { principal: Principals.user(bob.id) }, request('shared'));
    expect(bobs._unsafeUnwrap().kind).toBe('fresh');
    expect(kit.database.committed.invoices.get(b.id)?.status).toBe('payment_requested');
  });
});
