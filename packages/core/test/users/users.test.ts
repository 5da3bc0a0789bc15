import { beforeEach, describe, expect, it } from 'vitest';
import { Principals, type RequestContext } from '../../src/index.js';
import { aUser, anAdmin, anInvoice, createTestKit, DEFAULT_TEST_PASSWORD, type TestKit } from '../../src/testing/index.js';

const anonymous: RequestContext = { principal: Principals.anonymous() };
const as = (user: { id: string; role: 'user' | 'admin' }): RequestContext => ({ principal: Principals.user(user.id, user.role) });

let kit: TestKit;
beforeEach(() => {
  kit = createTestKit();
});

describe('RegisterUser', () => {
  it('registers a user with a normalised email and a hashed password, and records user.created', async () => {
    const result = await kit.registerUser.execute(
      { email: ' Ada@Example.com ', name: ' Ada ', age: 36, password: 'a-long-password' },
      { ...anonymous, correlationId: 'req-1' },
    );
    const user = result._unsafeUnwrap();
    expect(user).toMatchObject({ email: 'ada@example.com', name: 'Ada', age: 36, role: 'user', version: 1 });
    expect(user).not.toHaveProperty('passwordHash');
    expect(kit.database.committed.users.get(user.id)?.passwordHash).toBe(await kit.hasher.hash('a-long-password'));
    expect(kit.outbox.envelopes).toMatchObject([
      {
        event_type: 'user.created',
        aggregate_type: 'user',
        aggregate_id: user.id,
        correlation_id: 'req-1',
        payload: { user_id: user.id, email: 'ada@example.com', name: 'Ada' },
      },
    ]);
  });

  it('reports every invalid field at once', async () => {
    const result = await kit.registerUser.execute({ email: 'nope', name: '  ', age: -1, password: 'short' }, anonymous);
    const error = result._unsafeUnwrapErr();
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.code === 'VALIDATION_FAILED' && error.issues.map((i) => i.path)).toEqual(['email', 'name', 'age', 'password']);
    expect(kit.outbox.envelopes).toEqual([]);
  });

  it('refuses an email that is taken, whatever its case', async () => {
    await kit.seed(aUser({ email: 'taken@example.com' }));
    const result = await kit.registerUser.execute({ email: 'TAKEN@example.com', name: 'X', password: 'a-long-password' }, anonymous);
    expect(result._unsafeUnwrapErr().code).toBe('USER_EMAIL_TAKEN');
    expect(kit.outbox.envelopes).toEqual([]);
  });

  it('lets only an admin or the system choose the admin role', async () => {
    const input = { email: 'boss@example.com', name: 'Boss', password: 'a-long-password', role: 'admin' as const };
    expect((await kit.registerUser.execute(input, anonymous))._unsafeUnwrapErr().code).toBe('FORBIDDEN');
    const made = await kit.registerUser.execute(input, { principal: Principals.system() });
    expect(made._unsafeUnwrap().role).toBe('admin');
  });
});

describe('AuthenticateUser', () => {
  it('issues a token for the right password', async () => {
    const user = aUser({ email: 'ada@example.com' });
    await kit.seed(user);
    const token = await kit.authenticateUser.execute({ email: 'ADA@example.com', password: DEFAULT_TEST_PASSWORD }, anonymous);
    expect(token._unsafeUnwrap()).toMatchObject({ tokenType: 'Bearer', expiresIn: 3600, refreshToken: 'opaque-1' });
    expect(kit.tokens.issued).toEqual([{ userId: user.id, role: 'user', sessionVersion: 1, sessionId: expect.any(String) }]);
  });

  it('gives the same error for an unknown email and a wrong password, after checking a hash either way', async () => {
    await kit.seed(aUser({ email: 'ada@example.com' }));
    let verifications = 0;
    const verify = kit.hasher.verify.bind(kit.hasher);
    kit.hasher.verify = (password, hash) => {
      verifications += 1;
      return verify(password, hash);
    };
    const wrong = await kit.authenticateUser.execute({ email: 'ada@example.com', password: 'wrong-password' }, anonymous);
    const unknown = await kit.authenticateUser.execute({ email: 'who@example.com', password: 'wrong-password' }, anonymous);
    const malformed = await kit.authenticateUser.execute({ email: 'not an email', password: 'x' }, anonymous);
    expect(wrong._unsafeUnwrapErr()).toEqual(unknown._unsafeUnwrapErr());
    expect(malformed._unsafeUnwrapErr()).toEqual(unknown._unsafeUnwrapErr());
    expect(verifications).toBe(3);
    expect(kit.tokens.issued).toEqual([]);
  });
});

describe('GetUser', () => {
  it('lets users read themselves and admins read anyone', async () => {
    const user = aUser();
    const admin = anAdmin();
    await kit.seed(user, admin);
    expect((await kit.getUser.execute({ id: user.id }, as(user)))._unsafeUnwrap().id).toBe(user.id);
    expect((await kit.getUser.execute({ id: user.id }, as(admin)))._unsafeUnwrap().id).toBe(user.id);
  });

  it('answers "not found" for another user, so existence does not leak', async () => {
    const user = aUser();
    const other = aUser();
    await kit.seed(user, other);
    expect((await kit.getUser.execute({ id: other.id }, as(user)))._unsafeUnwrapErr().code).toBe('USER_NOT_FOUND');
    expect((await kit.getUser.execute({ id: user.id }, anonymous))._unsafeUnwrapErr().code).toBe('UNAUTHENTICATED');
  });
});

describe('ListUsers', () => {
  it('walks every user newest first by keyset, counting only when asked', async () => {
    const admin = anAdmin();
    const users = [aUser(), aUser(), aUser(), aUser()];
    await kit.seed(admin, ...users);
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const slice = (await kit.listUsers.execute({ limit: 2, ...(after ? { after } : {}) }, as(admin)))._unsafeUnwrap();
      if (slice.kind !== 'slice') throw new Error('expected a keyset slice');
      expect(slice).not.toHaveProperty('total');
      seen.push(...slice.items.map((u) => u.id));
      if (!slice.hasMore) break;
      after = slice.items.at(-1)?.id;
    }
    expect(seen).toEqual(
      [...users]
        .reverse()
        .map((u) => u.id)
        .concat(admin.id),
    );
    const counted = (await kit.listUsers.execute({ limit: 1, includeTotal: true }, as(admin)))._unsafeUnwrap();
    expect(counted.kind === 'slice' && counted.total).toBe(5);
  });

  it('pages users newest first for admins, with the total', async () => {
    const admin = anAdmin({ createdAt: new Date('2026-01-01T00:00:00Z') });
    const users = [1, 2, 3].map((d) => aUser({ createdAt: new Date(`2026-01-0${d + 1}T00:00:00Z`) }));
    await kit.seed(admin, ...users);
    const page = (await kit.listUsers.execute({ page: 1, pageSize: 2 }, as(admin)))._unsafeUnwrap();
    expect(page).toMatchObject({ page: 1, pageSize: 2, total: 4, totalPages: 2 });
    expect(page.items.map((u) => u.id)).toEqual([users[2]!.id, users[1]!.id]);
    expect(page.items[0]).not.toHaveProperty('passwordHash');
  });

  it('is for admins only and checks the page size', async () => {
    const user = aUser();
    const admin = anAdmin();
    await kit.seed(user, admin);
    expect((await kit.listUsers.execute({}, as(user)))._unsafeUnwrapErr().code).toBe('FORBIDDEN');
    expect((await kit.listUsers.execute({ limit: 0 }, as(admin)))._unsafeUnwrapErr().code).toBe('VALIDATION_FAILED');
    const combined = (await kit.listUsers.execute({ page: 1, limit: 5, after: admin.id }, as(admin)))._unsafeUnwrapErr();
    expect(combined.code === 'VALIDATION_FAILED' && combined.issues.map((i) => i.path)).toEqual(['limit', 'starting_after']);
    const both = (await kit.listUsers.execute({ after: admin.id, before: admin.id }, as(admin)))._unsafeUnwrapErr();
    expect(both.code === 'VALIDATION_FAILED' && both.issues.map((i) => i.path)).toEqual(['ending_before']);
    expect((await kit.listUsers.execute({ pageSize: 101 }, as(admin)))._unsafeUnwrapErr().code).toBe('VALIDATION_FAILED');
    expect((await kit.listUsers.execute({ page: 0 }, as(admin)))._unsafeUnwrapErr().code).toBe('VALIDATION_FAILED');
  });
});

describe('UpdateUser', () => {
  it('applies the change, bumps the version and records only what changed', async () => {
    const user = aUser({ name: 'Ada', age: 36 });
    await kit.seed(user);
    const updated = await kit.updateUser.execute({ id: user.id, name: 'Ada L.', age: 36 }, as(user));
    expect(updated._unsafeUnwrap()).toMatchObject({ name: 'Ada L.', age: 36, version: 2 });
    expect(kit.outbox.envelopes).toMatchObject([
      { event_type: 'user.updated', payload: { user_id: user.id, changes: { name: { old: 'Ada', new: 'Ada L.' } } } },
    ]);
    expect(kit.outbox.envelopes[0]?.payload).not.toHaveProperty('changes.age');
  });

  it('records nothing and keeps the version when nothing changed', async () => {
    const user = aUser({ name: 'Ada' });
    await kit.seed(user);
    const same = await kit.updateUser.execute({ id: user.id, name: 'Ada', email: user.email.toUpperCase() }, as(user));
    expect(same._unsafeUnwrap().version).toBe(1);
    expect(kit.outbox.envelopes).toEqual([]);
  });

  it('clears the age with null and changes the email if it is free', async () => {
    const user = aUser({ age: 30 });
    await kit.seed(user);
    const updated = await kit.updateUser.execute({ id: user.id, age: null, email: 'New@Example.com' }, as(user));
    expect(updated._unsafeUnwrap()).toMatchObject({ age: null, email: 'new@example.com' });
  });

  it('refuses an email another user holds', async () => {
    const user = aUser();
    const other = aUser({ email: 'other@example.com' });
    await kit.seed(user, other);
    const result = await kit.updateUser.execute({ id: user.id, email: 'other@example.com' }, as(user));
    expect(result._unsafeUnwrapErr().code).toBe('USER_EMAIL_TAKEN');
  });

  it('honours an expected version', async () => {
    const user = aUser({ version: 3 });
    await kit.seed(user);
    const stale = await kit.updateUser.execute({ id: user.id, name: 'X', expectedVersion: 2 }, as(user));
    expect(stale._unsafeUnwrapErr().code).toBe('VERSION_MISMATCH');
    const fresh = await kit.updateUser.execute({ id: user.id, name: 'X', expectedVersion: 3 }, as(user));
    expect(fresh._unsafeUnwrap().version).toBe(4);
  });

  it('keeps both of two concurrent updates', async () => {
    const user = aUser({ name: 'Ada', age: 1 });
    await kit.seed(user);
    await Promise.all([
      kit.updateUser.execute({ id: user.id, name: 'Renamed' }, as(user)),
      kit.updateUser.execute({ id: user.id, age: 2 }, as(user)),
    ]);
    const stored = (await kit.getUser.execute({ id: user.id }, as(user)))._unsafeUnwrap();
    expect(stored).toMatchObject({ name: 'Renamed', age: 2, version: 3 });
  });

  it('hides other users and validates input', async () => {
    const user = aUser();
    const other = aUser();
    await kit.seed(user, other);
    expect((await kit.updateUser.execute({ id: other.id, name: 'X' }, as(user)))._unsafeUnwrapErr().code).toBe('USER_NOT_FOUND');
    expect((await kit.updateUser.execute({ id: user.id, name: '' }, as(user)))._unsafeUnwrapErr().code).toBe('VALIDATION_FAILED');
  });
});

describe('DeleteUser', () => {
  it('deletes the user and their invoices in one transaction and lists them in user.deleted', async () => {
    const user = aUser();
    const other = aUser();
    const invoices = [anInvoice({ userId: user.id }), anInvoice({ userId: user.id })];
    const othersInvoice = anInvoice({ userId: other.id });
    await kit.seed(user, other, ...invoices, othersInvoice);

    expect((await kit.deleteUser.execute({ id: user.id }, as(user))).isOk()).toBe(true);
    expect(kit.database.committed.users.has(user.id)).toBe(false);
    expect([...kit.database.committed.invoices.keys()]).toEqual([othersInvoice.id]);
    const [event] = kit.outbox.envelopes;
    expect(event).toMatchObject({ event_type: 'user.deleted', payload: { user_id: user.id } });
    expect([...(event?.payload as { deleted_invoice_ids: string[] }).deleted_invoice_ids].sort()).toEqual(invoices.map((i) => i.id).sort());
  });

  it('answers "not found" for another user and for a missing one', async () => {
    const user = aUser();
    const other = aUser();
    await kit.seed(user, other);
    expect((await kit.deleteUser.execute({ id: other.id }, as(user)))._unsafeUnwrapErr().code).toBe('USER_NOT_FOUND');
    expect(kit.database.committed.users.has(other.id)).toBe(true);
    const admin = anAdmin();
    await kit.seed(admin);
    expect((await kit.deleteUser.execute({ id: kit.ids.next() }, as(admin)))._unsafeUnwrapErr().code).toBe('USER_NOT_FOUND');
  });
});
