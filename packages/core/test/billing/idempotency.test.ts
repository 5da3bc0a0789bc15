import { describe, expect, it } from 'vitest';
import { Principals, type Principal, type RequestContext } from '../../src/index.js';
import { aUser, anAdmin, anInvoice, createTestKit } from '../../src/testing/index.js';

/** A request carrying an idempotency key, as the HTTP adapter builds it. */
const keyed = (principal: Principal, key: string, fingerprint = 'fp-1'): RequestContext => ({
  principal,
  idempotency: { key, fingerprint, ttlSeconds: 3600 },
});

describe('idempotent use cases (any write use case honours a key the request carries)', () => {
  it('create the invoice once and replay the first answer for the same key and request', async () => {
    const kit = createTestKit();
    const admin = anAdmin();
    const user = aUser();
    await kit.seed(admin, user);
    let replays = 0;
    const ctx = keyed(Principals.admin(admin.id), 'k1');
    const withReplayCount = { ...ctx, idempotency: { ...ctx.idempotency!, onReplay: () => (replays += 1) } };
    const first = (await kit.createInvoice.execute({ userId: user.id, amount: '5.00' }, withReplayCount))._unsafeUnwrap();
    const second = (await kit.createInvoice.execute({ userId: user.id, amount: '5.00' }, withReplayCount))._unsafeUnwrap();
    expect(second).toEqual(first);
    expect(second.createdAt).toBeInstanceOf(Date);
    expect(replays).toBe(1);
    expect(kit.database.committed.invoices.size).toBe(1);
    expect(kit.outbox.envelopes.filter((e) => e.event_type === 'invoice.created')).toHaveLength(1);
  });

  it('refuse the same key with another request', async () => {
    const kit = createTestKit();
    const admin = anAdmin();
    const user = aUser();
    await kit.seed(admin, user);
    const principal = Principals.admin(admin.id);
    await kit.createInvoice.execute({ userId: user.id, amount: '5.00' }, keyed(principal, 'k1', 'fp-1'));
    const reused = await kit.createInvoice.execute({ userId: user.id, amount: '6.00' }, keyed(principal, 'k1', 'fp-2'));
    expect(reused._unsafeUnwrapErr().code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('keep nothing for a request that failed, so a corrected retry with the key works', async () => {
    const kit = createTestKit();
    const owner = aUser();
    const paid = anInvoice({ userId: owner.id, status: 'paid', paidAt: new Date() });
    await kit.seed(owner, paid);
    const principal = Principals.user(owner.id);
    const failed = await kit.requestInvoicePayment.execute({ id: paid.id }, keyed(principal, 'k2'));
    expect(failed._unsafeUnwrapErr().code).toBe('INVOICE_ALREADY_PAID');
    expect(kit.database.committed.idempotency.size).toBe(0);
    const pending = anInvoice({ userId: owner.id });
    await kit.seed(pending);
    const retried = await kit.requestInvoicePayment.execute({ id: pending.id }, keyed(principal, 'k2', 'fp-other'));
    expect(retried._unsafeUnwrap().status).toBe('payment_requested');
  });

  it('scope keys to the principal', async () => {
    const kit = createTestKit();
    const alice = aUser();
    const bob = aUser();
    const a = anInvoice({ userId: alice.id });
    const b = anInvoice({ userId: bob.id });
    await kit.seed(alice, bob, a, b);
    await kit.requestInvoicePayment.execute({ id: a.id }, keyed(Principals.user(alice.id), 'shared'));
    const bobs = await kit.requestInvoicePayment.execute({ id: b.id }, keyed(Principals.user(bob.id), 'shared'));
    expect(bobs._unsafeUnwrap().id).toBe(b.id);
    expect(kit.database.committed.invoices.get(b.id)?.status).toBe('payment_requested');
  });
});
