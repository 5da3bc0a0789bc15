import { describe, expect, it } from 'vitest';
import { err, ok, Principals } from '../src/index.js';
import { aUser, createTestKit } from '../src/testing/index.js';

describe('a use case that fails inside a transaction', () => {
  it('leaves no state and no outbox row behind', async () => {
    const kit = createTestKit();
    await kit.seed(aUser({ email: 'taken@example.com' }));
    // Two users written, then an Err: neither may survive.
    const result = await kit.uow.transaction(async (tx) => {
      await tx.users.add(aUser({ email: 'first@example.com' }));
      const second = await tx.users.add(aUser({ email: 'taken@example.com' }));
      return second.isErr() ? err(second.error) : ok(undefined);
    });
    expect(result._unsafeUnwrapErr().code).toBe('USER_EMAIL_TAKEN');
    expect([...kit.database.committed.users.values()].map((u) => u.email)).toEqual(['taken@example.com']);
    expect(kit.outbox.records).toEqual([]);
  });

  it('a rejected registration records no event', async () => {
    const kit = createTestKit();
    await kit.seed(aUser({ email: 'taken@example.com' }));
    await kit.registerUser.execute(
      { email: 'taken@example.com', name: 'X', password: 'password-1' },
      { principal: Principals.anonymous() },
    );
    expect(kit.outbox.records).toEqual([]);
  });
});
