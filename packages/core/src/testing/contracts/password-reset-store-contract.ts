import { describe, expect, it } from 'vitest';
import { PasswordReset } from '../../users/password-reset.js';
import { aUser } from '../builders.js';
import { useFixture, within, type MakePersistenceFixture } from './persistence-fixture.js';

const NOW = new Date('2026-03-01T10:00:00.000Z');

/** What every `PasswordResetStore` must do (reached through its unit of work). */
export function passwordResetStoreContract(name: string, make: MakePersistenceFixture): void {
  describe(`PasswordResetStore contract: ${name}`, () => {
    const f = useFixture(make);

    async function requested(userId: string | null): Promise<PasswordReset> {
      const reset = PasswordReset.request({ id: aUser().id, userId, now: NOW, ttlSeconds: 1800 });
      await f().uow.transaction((tx) => tx.passwordResets.add(reset));
      return reset;
    }

    it('records a request, with or without an account, and its event', async () => {
      const user = aUser();
      await f().uow.transaction((tx) => tx.users.add(user));
      const mine = await requested(user.id);
      const nobodys = await requested(null);
      expect((await within(f().uow, (tx) => tx.passwordResets.findById(mine.id)))?.toSnapshot()).toEqual(mine.toSnapshot());
      expect((await within(f().uow, (tx) => tx.passwordResets.findById(nobodys.id)))?.toSnapshot()).toEqual(nobodys.toSnapshot());
      const events = (await f().outboxEnvelopes()).filter((e) => e.event_type === 'password_reset.requested');
      expect(events.map((e) => e.payload)).toEqual([{ reset_id: mine.id }, { reset_id: nobodys.id }]);
      expect(events[0]).toMatchObject({ aggregate_type: 'password_reset', aggregate_id: mine.id });
    });

    it('finds a reset by the digest of its token once issued, and saves at the version it was read', async () => {
      const user = aUser();
      await f().uow.transaction((tx) => tx.users.add(user));
      const reset = await requested(user.id);
      const loaded = await within(f().uow, (tx) => tx.passwordResets.findById(reset.id));
      const stale = await within(f().uow, (tx) => tx.passwordResets.findById(reset.id));
      if (!loaded || !stale) throw new Error('expected the reset');
      loaded.issueToken('digest-1');
      expect((await f().uow.transaction((tx) => tx.passwordResets.save(loaded))).isOk()).toBe(true);
      expect((await within(f().uow, (tx) => tx.passwordResets.findByTokenDigest('digest-1')))?.id).toBe(reset.id);
      expect(await within(f().uow, (tx) => tx.passwordResets.findByTokenDigest('digest-2'))).toBeNull();
      stale.issueToken('digest-2');
      expect((await f().uow.transaction((tx) => tx.passwordResets.save(stale)))._unsafeUnwrapErr().code).toBe('CONCURRENCY_CONFLICT');
    });

    it('voids the pending resets of one user, and no one else’s', async () => {
      const alice = aUser();
      const bob = aUser();
      await within(f().uow, async (tx) => [await tx.users.add(alice), await tx.users.add(bob)]);
      const pending = await requested(alice.id);
      const bobs = await requested(bob.id);
      const at = new Date(NOW.getTime() + 60_000);
      await within(f().uow, (tx) => tx.passwordResets.discardPendingOf(alice.id, at));
      const voided = await within(f().uow, (tx) => tx.passwordResets.findById(pending.id));
      expect(voided?.toSnapshot()).toMatchObject({ usedAt: at, version: pending.version + 1 });
      expect(voided?.redeem(NOW).isErr()).toBe(true);
      expect((await within(f().uow, (tx) => tx.passwordResets.findById(bobs.id)))?.toSnapshot().usedAt).toBeNull();
    });

    it('loses a user’s resets with the user', async () => {
      const user = aUser();
      await f().uow.transaction((tx) => tx.users.add(user));
      const reset = await requested(user.id);
      await f().uow.transaction((tx) => tx.users.remove(user));
      expect(await within(f().uow, (tx) => tx.passwordResets.findById(reset.id))).toBeNull();
    });
  });
}
