import { describe, expect, it } from 'vitest';
import type { User } from '../../users/user.js';
import { aUser } from '../builders.js';
import { sleep, useFixture, within, type MakePersistenceFixture } from './persistence-fixture.js';

/**
 * What every `OutboxStore` must do for the relay: claims in write order, leases, per-aggregate order,
 * retries with attempt counts, and disjoint claims for concurrent relays. Uses real time (leases).
 */
export function outboxStoreContract(name: string, make: MakePersistenceFixture): void {
  describe(`OutboxStore contract: ${name}`, () => {
    const f = useFixture(make);

    /** Each user's rename writes one `user.updated` event. */
    async function writeEvents(count: number): Promise<User[]> {
      const users = Array.from({ length: count }, () => aUser());
      await within(f().uow, async (tx) => {
        for (const user of users) await tx.users.add(user);
      });
      for (const user of users) {
        await f().uow.transaction((tx) => {
          user.update({ name: `Renamed ${user.id}` }, new Date());
          return tx.users.save(user);
        });
      }
      return users;
    }

    it('claims due rows in write order and not again while the claim lasts', async () => {
      await writeEvents(3);
      const written = await f().outboxEnvelopes();
      const claimed = await f().outbox.claimBatch(10, 60_000);
      expect(claimed.map((m) => m.envelope.event_id)).toEqual(written.map((e) => e.event_id));
      expect(claimed.every((m) => m.attempts === 1)).toBe(true);
      expect(claimed[0]?.envelope).toEqual(written[0]);
      expect(await f().outbox.claimBatch(10, 60_000)).toEqual([]);
    });

    it('respects the limit', async () => {
      await writeEvents(3);
      expect(await f().outbox.claimBatch(2, 60_000)).toHaveLength(2);
      expect(await f().outbox.claimBatch(2, 60_000)).toHaveLength(1);
    });

    it('hands out an aggregate’s next event only after the earlier one is published', async () => {
      const [user] = await writeEvents(1);
      if (!user) throw new Error('expected a user');
      await f().uow.transaction((tx) => {
        user.update({ name: 'Renamed again' }, new Date());
        return tx.users.save(user);
      });
      const first = await f().outbox.claimBatch(10, 60_000);
      expect(first).toHaveLength(1);
      expect(await f().outbox.claimBatch(10, 60_000)).toEqual([]);
      await f().outbox.markPublished(first.map((m) => m.id));
      const second = await f().outbox.claimBatch(10, 60_000);
      expect(second.map((m) => m.envelope.payload)).toMatchObject([{ changes: { name: { new: 'Renamed again' } } }]);
    });

    it('never claims published rows', async () => {
      await writeEvents(2);
      const claimed = await f().outbox.claimBatch(10, 1);
      await f().outbox.markPublished(claimed.map((m) => m.id));
      await sleep(20);
      expect(await f().outbox.claimBatch(10, 60_000)).toEqual([]);
    });

    it('retries a failed row at its retry time, counting attempts', async () => {
      await writeEvents(1);
      const [message] = await f().outbox.claimBatch(10, 60_000);
      if (!message) throw new Error('expected a claimed message');
      await f().outbox.markFailed(message.id, 'broker down', new Date(Date.now() + 60_000));
      expect(await f().outbox.claimBatch(10, 60_000)).toEqual([]);
      await f().outbox.markFailed(message.id, 'broker down', new Date(Date.now() - 1_000));
      const again = await f().outbox.claimBatch(10, 60_000);
      expect(again.map((m) => [m.id, m.attempts])).toEqual([[message.id, 2]]);
    });

    it('gives rows whose claim lapsed to the next claimer', async () => {
      await writeEvents(1);
      expect(await f().outbox.claimBatch(10, 30)).toHaveLength(1);
      await sleep(80);
      expect(await f().outbox.claimBatch(10, 60_000)).toHaveLength(1);
    });

    it('gives two concurrent claimers disjoint rows', async () => {
      await writeEvents(20);
      const [a, b] = await Promise.all([f().outbox.claimBatch(15, 60_000), f().outbox.claimBatch(15, 60_000)]);
      const aIds = a.map((m) => m.id);
      const bIds = b.map((m) => m.id);
      expect(aIds.filter((id) => bIds.includes(id))).toEqual([]);
      expect(aIds.length + bIds.length).toBe(20);
    });
  });
}
