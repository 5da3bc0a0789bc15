import { describe, expect, it } from 'vitest';
import type { Invoice } from '../../billing/invoice.js';
import type { InvoiceFilter } from '../../billing/invoice-repository.js';
import { aUser, anInvoice } from '../builders.js';
import { useFixture, within, type MakePersistenceFixture } from './persistence-fixture.js';

/** What every `InvoiceRepository` must do (reached through its unit of work). */
export function invoiceRepositoryContract(name: string, make: MakePersistenceFixture): void {
  describe(`InvoiceRepository contract: ${name}`, () => {
    const f = useFixture(make);

    async function store(...invoices: Invoice[]): Promise<void> {
      await within(f().uow, async (tx) => {
        for (const invoice of invoices) (await tx.invoices.add(invoice))._unsafeUnwrap();
      });
    }
    async function anOwner(): Promise<string> {
      const user = aUser();
      await f().uow.transaction((tx) => tx.users.add(user));
      return user.id;
    }

    it('stores an invoice with its exact amount and reads it back', async () => {
      const invoice = anInvoice({ userId: await anOwner(), amount: '12345678901.99' });
      await store(invoice);
      const loaded = await within(f().uow, (tx) => tx.invoices.findById(invoice.id));
      expect(loaded?.toSnapshot()).toEqual(invoice.toSnapshot());
      expect(loaded?.amount.toDecimalString()).toBe('12345678901.99');
    });

    it('refuses an invoice for a user that does not exist as USER_NOT_FOUND', async () => {
      const result = await f().uow.transaction((tx) => tx.invoices.add(anInvoice()));
      expect(result._unsafeUnwrapErr().code).toBe('USER_NOT_FOUND');
    });

    it('saves status changes with optimistic concurrency', async () => {
      const invoice = anInvoice({ userId: await anOwner() });
      await store(invoice);
      const a = await f().uow.read((repos) => repos.invoices.findById(invoice.id));
      const b = await f().uow.read((repos) => repos.invoices.findById(invoice.id));
      if (!a || !b) throw new Error('expected the stored invoice');
      a.requestPayment(new Date());
      b.requestPayment(new Date());
      expect((await f().uow.transaction((tx) => tx.invoices.save(a))).isOk()).toBe(true);
      expect((await f().uow.transaction((tx) => tx.invoices.save(b)))._unsafeUnwrapErr().code).toBe('CONCURRENCY_CONFLICT');
      const stored = await within(f().uow, (tx) => tx.invoices.findById(invoice.id));
      expect(stored?.toSnapshot()).toMatchObject({ status: 'payment_requested', paymentAttempt: 1, version: 2 });
    });

    it('filters by user and status, newest first, with a correct total and count', async () => {
      const alice = await anOwner();
      const bob = await anOwner();
      const alices = [0, 1, 2].map(() => anInvoice({ userId: alice, amount: '1.00' }));
      const requested = anInvoice({ userId: alice, status: 'payment_requested', paymentAttempt: 1 });
      await store(...alices, requested, anInvoice({ userId: bob }));

      const list = (filter: InvoiceFilter) => f().uow.read((repos) => repos.invoices.page(filter, { page: 1, pageSize: 10 }));
      expect((await list({ userId: alice, status: 'pending' })).items.map((i) => i.id)).toEqual(alices.map((i) => i.id).reverse());
      expect((await list({ userId: alice })).total).toBe(4);
      expect((await list({ status: 'payment_requested' })).items.map((i) => i.id)).toEqual([requested.id]);
      expect((await list({})).total).toBe(5);
      expect(await f().uow.read((repos) => repos.invoices.count({ userId: alice, status: 'pending' }))).toBe(3);
    });

    it('slices by keyset within every filter combination', async () => {
      const alice = await anOwner();
      const bob = await anOwner();
      const requested = { status: 'payment_requested', paymentAttempt: 1 } as const;
      const mine = [0, 1, 2, 3].map((i) => anInvoice({ userId: alice, ...(i % 2 === 0 ? {} : requested) }));
      const theirs = [anInvoice({ userId: bob }), anInvoice({ userId: bob, ...requested })];
      await store(...mine, ...theirs);
      const slice = (filter: InvoiceFilter, request: { limit: number; after?: string; before?: string }) =>
        f().uow.read(async (repos) => {
          const found = await repos.invoices.slice(filter, request);
          return { ids: found.items.map((i) => i.id), hasMore: found.hasMore };
        });
      const [m0, m1, m2, m3] = mine.map((i) => i.id);
      const [t0, t1] = theirs.map((i) => i.id);
      expect(await slice({ userId: alice }, { limit: 3 })).toEqual({ ids: [m3, m2, m1], hasMore: true });
      expect(await slice({ userId: alice }, { limit: 3, after: m1 })).toEqual({ ids: [m0], hasMore: false });
      expect(await slice({ status: 'payment_requested' }, { limit: 2 })).toEqual({ ids: [t1, m3], hasMore: true });
      expect(await slice({ status: 'payment_requested' }, { limit: 2, after: m3 })).toEqual({ ids: [m1], hasMore: false });
      expect(await slice({ userId: alice, status: 'pending' }, { limit: 5, before: m0 })).toEqual({ ids: [m2], hasMore: false });
      expect(await slice({}, { limit: 2, before: m2 })).toEqual({ ids: [t0, m3], hasMore: true });
      expect(await slice({ userId: bob, status: 'pending' }, { limit: 5 })).toEqual({ ids: [t0], hasMore: false });
    });

    it('locks and lists every invoice of a user, then removes them and says which', async () => {
      const user = await anOwner();
      const other = await anOwner();
      const mine = [anInvoice({ userId: user }), anInvoice({ userId: user })];
      const theirs = anInvoice({ userId: other });
      await store(...mine, theirs);
      const ids = (invoices: { id: string }[] | string[]) => invoices.map((i) => (typeof i === 'string' ? i : i.id)).sort();
      expect(ids(await within(f().uow, (tx) => tx.invoices.lockAllOfUser(user)))).toEqual(ids(mine));
      expect(ids(await within(f().uow, (tx) => tx.invoices.removeAllOfUser(user)))).toEqual(ids(mine));
      expect(await within(f().uow, (tx) => tx.invoices.findById(theirs.id))).not.toBeNull();
      expect(await within(f().uow, (tx) => tx.invoices.lockAllOfUser(user))).toEqual([]);
    });
  });
}
