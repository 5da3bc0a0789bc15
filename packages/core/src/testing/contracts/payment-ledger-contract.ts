import { describe, expect, it } from 'vitest';
import { PaymentAttempt } from '../../billing/payment-attempt.js';
import { err, ok } from '../../kernel/result.js';
import { aUser, anInvoice } from '../builders.js';
import { sleep, useFixture, within, type MakePersistenceFixture } from './persistence-fixture.js';

const at = (minute: number): Date => new Date(Date.UTC(2026, 2, 1, 12, minute));

/** What every `PaymentLedger` must do (reached through its unit of work). */
export function paymentLedgerContract(name: string, make: MakePersistenceFixture): void {
  describe(`PaymentLedger contract: ${name}`, () => {
    const f = useFixture(make);

    /** A stored user with a requested invoice, and its ledger entry, due at `checkAfter`. */
    async function anEntry(checkAfter: Date, amount = '10.00'): Promise<PaymentAttempt> {
      const user = aUser();
      const invoice = anInvoice({ userId: user.id, amount, status: 'payment_requested', paymentAttempt: 1 });
      const entry = PaymentAttempt.requested(invoice, at(0), checkAfter);
      await within(f().uow, async (tx) => {
        (await tx.users.add(user))._unsafeUnwrap();
        (await tx.invoices.add(invoice))._unsafeUnwrap();
        await tx.payments.save(entry);
      });
      return entry;
    }

    it('stores an entry and reads it back, locked, with every field', async () => {
      const entry = await anEntry(at(5), '12345678901.99');
      const loaded = await within(f().uow, (tx) => tx.payments.lock(entry.invoiceId, 1));
      expect(loaded?.toSnapshot()).toEqual(entry.toSnapshot());
      expect(loaded?.amount.toDecimalString()).toBe('12345678901.99');
      expect(await within(f().uow, (tx) => tx.payments.lock(entry.invoiceId, 2))).toBeNull();
    });

    it('saves every change of state', async () => {
      const entry = await anEntry(at(5));
      entry.start(at(1), at(6));
      entry.refundDue('ch_9', 'the invoice was deleted', at(2));
      entry.refunded('re_9', at(3));
      await within(f().uow, (tx) => tx.payments.save(entry));
      const loaded = await within(f().uow, (tx) => tx.payments.lock(entry.invoiceId, 1));
      expect(loaded?.toSnapshot()).toMatchObject({
        state: 'refunded',
        chargeId: 'ch_9',
        refundId: 're_9',
        detail: 'the invoice was deleted',
        updatedAt: at(3),
        checkAfter: null,
      });
    });

    it('hands out the entry due soonest, never one not yet due or with nothing left to do', async () => {
      const later = await anEntry(at(3));
      const sooner = await anEntry(at(2));
      await anEntry(at(30));
      const settled = await anEntry(at(1));
      settled.succeeded('ch_1', at(1));
      await within(f().uow, (tx) => tx.payments.save(settled));

      expect((await within(f().uow, (tx) => tx.payments.lockNextDue(at(10))))?.invoiceId).toBe(sooner.invoiceId);
      sooner.deferUntil(null, at(10));
      await within(f().uow, (tx) => tx.payments.save(sooner));
      expect((await within(f().uow, (tx) => tx.payments.lockNextDue(at(10))))?.invoiceId).toBe(later.invoiceId);
      expect(await within(f().uow, (tx) => tx.payments.lockNextDue(at(2)))).toBeNull();
    });

    it('never hands one entry to two reconcilers at once', async () => {
      const first = await anEntry(at(1));
      const second = await anEntry(at(2));
      let other: Promise<string | undefined> | undefined;
      await f().uow.transaction(async (tx) => {
        const taken = await tx.payments.lockNextDue(at(10));
        expect(taken?.invoiceId).toBe(first.invoiceId);
        // Another reconciler, while this one holds the first entry (and, in the end, settles it). A
        // store that skips locked entries answers at once; one that runs transactions one at a time
        // answers after this one, when the first entry is no longer due.
        other = within(f().uow, async (otherTx) => (await otherTx.payments.lockNextDue(at(10)))?.invoiceId);
        await Promise.race([other, sleep(200)]);
        taken?.succeeded('ch_1', at(3));
        if (taken) await tx.payments.save(taken);
        return ok(undefined);
      });
      expect(await other).toBe(second.invoiceId);
    });

    it('keeps entries when the invoice and its user are deleted', async () => {
      const entry = await anEntry(at(5));
      await within(f().uow, async (tx) => {
        await tx.invoices.removeAllOfUser(entry.toSnapshot().userId);
        const user = await tx.users.findById(entry.toSnapshot().userId);
        if (user) (await tx.users.remove(user))._unsafeUnwrap();
      });
      expect((await within(f().uow, (tx) => tx.payments.lock(entry.invoiceId, 1)))?.status).toBe('requested');
    });

    it('keeps nothing of a transaction that rolled back', async () => {
      const entry = await anEntry(at(5));
      entry.succeeded('ch_1', at(6));
      await f().uow.transaction(async (tx) => {
        await tx.payments.save(entry);
        return err('changed my mind');
      });
      expect((await within(f().uow, (tx) => tx.payments.lock(entry.invoiceId, 1)))?.status).toBe('requested');
    });
  });
}
