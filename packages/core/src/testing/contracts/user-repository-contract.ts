import { describe, expect, it } from 'vitest';
import { Email } from '../../kernel/email.js';
import { aUser, anInvoice } from '../builders.js';
import { useFixture, within, type MakePersistenceFixture } from './persistence-fixture.js';

/** What every `UserRepository` must do (reached through its unit of work). */
export function userRepositoryContract(name: string, make: MakePersistenceFixture): void {
  describe(`UserRepository contract: ${name}`, () => {
    const f = useFixture(make);

    it('stores a user and reads it back by id and by normalised email', async () => {
      const user = aUser({ email: 'reader@example.com' });
      expect((await f().uow.transaction((tx) => tx.users.add(user))).isOk()).toBe(true);
      const byId = await within(f().uow, (tx) => tx.users.findById(user.id));
      expect(byId?.toSnapshot()).toEqual(user.toSnapshot());
      expect((await within(f().uow, (tx) => tx.users.findByEmail('reader@example.com')))?.id).toBe(user.id);
      expect(await within(f().uow, (tx) => tx.users.findById(aUser().id))).toBeNull();
    });

    it('refuses a second user with the same email as USER_EMAIL_TAKEN', async () => {
      await f().uow.transaction((tx) => tx.users.add(aUser({ email: 'same@example.com' })));
      const result = await f().uow.transaction((tx) => tx.users.add(aUser({ email: 'same@example.com' })));
      expect(result._unsafeUnwrapErr().code).toBe('USER_EMAIL_TAKEN');
    });

    it('saves with optimistic concurrency: the version goes up, a stale copy conflicts', async () => {
      const user = aUser();
      await f().uow.transaction((tx) => tx.users.add(user));
      const first = await f().uow.read((repos) => repos.users.findById(user.id));
      const second = await f().uow.read((repos) => repos.users.findById(user.id));
      if (!first || !second) throw new Error('expected the stored user');
      first.update({ name: 'First' }, new Date('2026-02-02T00:00:00.000Z'));
      second.update({ name: 'Second' }, new Date('2026-02-02T00:00:00.000Z'));
      expect((await f().uow.transaction((tx) => tx.users.save(first))).isOk()).toBe(true);
      expect(first.version).toBe(2);
      expect((await f().uow.transaction((tx) => tx.users.save(second)))._unsafeUnwrapErr().code).toBe('CONCURRENCY_CONFLICT');
      expect((await within(f().uow, (tx) => tx.users.findById(user.id)))?.toView()).toMatchObject({ name: 'First', version: 2 });
    });

    it('refuses to change an email to one another user holds', async () => {
      const a = aUser({ email: 'a@example.com' });
      const b = aUser({ email: 'b@example.com' });
      await within(f().uow, async (tx) => [await tx.users.add(a), await tx.users.add(b)]);
      const loaded = await within(f().uow, (tx) => tx.users.findById(b.id));
      loaded?.update({ email: Email.parse('a@example.com')._unsafeUnwrap() }, new Date());
      if (!loaded) throw new Error('expected the stored user');
      expect((await f().uow.transaction((tx) => tx.users.save(loaded)))._unsafeUnwrapErr().code).toBe('USER_EMAIL_TAKEN');
    });

    it('removes a user only at the version it was read, and their invoices with them', async () => {
      const user = aUser();
      const invoice = anInvoice({ userId: user.id });
      await within(f().uow, async (tx) => [await tx.users.add(user), await tx.invoices.add(invoice)]);
      const stale = aUser({ id: user.id, version: 7 });
      expect((await f().uow.transaction((tx) => tx.users.remove(stale)))._unsafeUnwrapErr().code).toBe('CONCURRENCY_CONFLICT');
      expect((await f().uow.transaction((tx) => tx.users.remove(user))).isOk()).toBe(true);
      expect(await within(f().uow, (tx) => tx.users.findById(user.id))).toBeNull();
      expect(await within(f().uow, (tx) => tx.invoices.findById(invoice.id))).toBeNull();
    });

    it('reads a user’s session version alone, and null for nobody', async () => {
      const user = aUser({ sessionVersion: 4 });
      await f().uow.transaction((tx) => tx.users.add(user));
      expect(await f().uow.read((repos) => repos.users.sessionVersionOf(user.id))).toBe(4);
      expect(await f().uow.read((repos) => repos.users.sessionVersionOf(aUser().id))).toBeNull();
      const loaded = await within(f().uow, (tx) => tx.users.findById(user.id));
      if (!loaded) throw new Error('expected the stored user');
      loaded.signOutEverywhere();
      await f().uow.transaction((tx) => tx.users.save(loaded));
      expect(await f().uow.read((repos) => repos.users.sessionVersionOf(user.id))).toBe(5);
    });

    it('lists the admins (locked for the transaction), and no one else', async () => {
      const admins = [aUser({ role: 'admin' }), aUser({ role: 'admin' })];
      await within(f().uow, async (tx) => {
        for (const user of [...admins, aUser()]) await tx.users.add(user);
      });
      expect((await within(f().uow, (tx) => tx.users.lockAdminIds())).sort()).toEqual(admins.map((a) => a.id).sort());
    });

    it('pages users newest first (by id) with the total, and counts them', async () => {
      const users = [0, 1, 2, 3, 4].map(() => aUser());
      await within(f().uow, async (tx) => {
        for (const user of users) await tx.users.add(user);
      });
      const page = await f().uow.read((repos) => repos.users.page({ page: 2, pageSize: 2 }));
      expect(page.total).toBe(5);
      expect(page.totalPages).toBe(3);
      expect(page.items.map((u) => u.id)).toEqual([users[2]?.id, users[1]?.id]);
      expect(await f().uow.read((repos) => repos.users.count())).toBe(5);
    });

    it('slices users newest first by keyset: after a row, before a row, and says when there is more', async () => {
      const ids = [0, 1, 2, 3, 4].map(() => aUser());
      await within(f().uow, async (tx) => {
        for (const user of ids) await tx.users.add(user);
      });
      const [u0, u1, u2, u3, u4] = ids.map((u) => u.id);
      const slice = (request: { limit: number; after?: string; before?: string }) =>
        f().uow.read(async (repos) => {
          const found = await repos.users.slice(request);
          return { ids: found.items.map((u) => u.id), hasMore: found.hasMore };
        });
      expect(await slice({ limit: 2 })).toEqual({ ids: [u4, u3], hasMore: true });
      expect(await slice({ limit: 2, after: u3 })).toEqual({ ids: [u2, u1], hasMore: true });
      expect(await slice({ limit: 2, after: u1 })).toEqual({ ids: [u0], hasMore: false });
      expect(await slice({ limit: 2, before: u1 })).toEqual({ ids: [u3, u2], hasMore: true });
      expect(await slice({ limit: 5, before: u1 })).toEqual({ ids: [u4, u3, u2], hasMore: false });
    });
  });
}
