import { beforeEach, describe, expect, it } from 'vitest';
import { Principals } from '../../src/index.js';
import { aUser, createTestKit, type TestKit } from '../../src/testing/index.js';

let kit: TestKit;
beforeEach(() => {
  kit = createTestKit();
});

describe('ChangeRole', () => {
  it('lets an admin promote a user, and records the change', async () => {
    const admin = aUser({ role: 'admin' });
    const user = aUser();
    await kit.seed(admin, user);
    const result = await kit.changeRole.execute({ id: user.id, role: 'admin' }, { principal: Principals.admin(admin.id) });
    expect(result._unsafeUnwrap()).toMatchObject({ id: user.id, role: 'admin', version: 2 });
    expect(kit.outbox.envelopes.map((e) => e.payload)).toEqual([{ user_id: user.id, old_role: 'user', new_role: 'admin' }]);
  });

  it('refuses to demote the last admin, themselves included, but allows it while another admin remains', async () => {
    const admin = aUser({ role: 'admin' });
    const other = aUser();
    await kit.seed(admin, other);
    const asAdmin = { principal: Principals.admin(admin.id) };
    expect((await kit.changeRole.execute({ id: admin.id, role: 'user' }, asAdmin))._unsafeUnwrapErr().code).toBe('USER_LAST_ADMIN');
    await kit.changeRole.execute({ id: other.id, role: 'admin' }, asAdmin);
    expect((await kit.changeRole.execute({ id: admin.id, role: 'user' }, asAdmin)).isOk()).toBe(true);
    expect(
      (await kit.changeRole.execute({ id: other.id, role: 'user' }, { principal: Principals.admin(other.id) }))._unsafeUnwrapErr().code,
    ).toBe('USER_LAST_ADMIN');
  });

  it('is for admins only: a user cannot change their own role or anyone else’s', async () => {
    const user = aUser();
    const victim = aUser({ role: 'admin' });
    await kit.seed(user, victim);
    const asUser = { principal: Principals.user(user.id) };
    expect((await kit.changeRole.execute({ id: user.id, role: 'admin' }, asUser))._unsafeUnwrapErr().code).toBe('FORBIDDEN');
    expect((await kit.changeRole.execute({ id: victim.id, role: 'user' }, asUser))._unsafeUnwrapErr().code).toBe('FORBIDDEN');
    expect(kit.database.committed.users.get(victim.id)?.role).toBe('admin');
  });

  it('answers 404 for nobody, 422 for an unknown role, and changes nothing when the role is the same', async () => {
    const admin = aUser({ role: 'admin' });
    await kit.seed(admin);
    const asAdmin = { principal: Principals.admin(admin.id) };
    expect((await kit.changeRole.execute({ id: aUser().id, role: 'user' }, asAdmin))._unsafeUnwrapErr().code).toBe('USER_NOT_FOUND');
    expect((await kit.changeRole.execute({ id: admin.id, role: 'root' }, asAdmin))._unsafeUnwrapErr().code).toBe('VALIDATION_FAILED');
    expect((await kit.changeRole.execute({ id: admin.id, role: 'admin' }, asAdmin))._unsafeUnwrap().version).toBe(1);
    expect(kit.outbox.envelopes).toEqual([]);
  });
});
