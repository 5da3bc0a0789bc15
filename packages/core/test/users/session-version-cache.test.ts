import { describe, expect, it } from 'vitest';
import { SessionVersionCache } from '../../src/index.js';
import { aUser, createTestKit } from '../../src/testing/index.js';

describe('SessionVersionCache', () => {
  it('reads each user once while nothing changes, and afresh after forget', async () => {
    const kit = createTestKit();
    const user = aUser();
    await kit.seed(user);
    let reads = 0;
    const read = kit.uow.read.bind(kit.uow);
    kit.uow.read = (work) => {
      reads += 1;
      return read(work);
    };
    const cache = new SessionVersionCache(kit.uow);
    expect([await cache.current(user.id), await cache.current(user.id)]).toEqual([1, 1]);
    expect(reads).toBe(1);
    cache.forget(user.id);
    expect(await cache.current(user.id)).toBe(1);
    expect(reads).toBe(2);
    cache.forgetAll();
    expect(await cache.current(aUser().id)).toBeNull();
    expect(reads).toBe(3);
  });

  it('does not keep a read that a forget overtook (it may hold the old version)', async () => {
    const kit = createTestKit();
    const user = aUser();
    await kit.seed(user);
    const cache = new SessionVersionCache(kit.uow);
    const racing = cache.current(user.id);
    cache.forget(user.id);
    await racing;
    expect(cache.size).toBe(0);
  });

  it('trusts an answer for maxAgeMs at most, and keeps at most maxEntries users', async () => {
    const kit = createTestKit();
    const users = [aUser(), aUser(), aUser()];
    await kit.seed(...users);
    let now = 0;
    const cache = new SessionVersionCache(kit.uow, { maxAgeMs: 1_000, maxEntries: 2, now: () => now });
    for (const user of users) await cache.current(user.id);
    expect(cache.size).toBe(2);
    const stored = kit.database.committed.users.get(users[2]?.id ?? '');
    if (!stored) throw new Error('expected the user');
    await kit.uow.transaction(async (tx) => {
      const loaded = await tx.users.findById(stored.id);
      loaded?.signOutEverywhere();
      return loaded ? tx.users.save(loaded) : Promise.reject(new Error('gone'));
    });
    expect(await cache.current(stored.id)).toBe(1);
    now = 1_000;
    expect(await cache.current(stored.id)).toBe(2);
  });
});
