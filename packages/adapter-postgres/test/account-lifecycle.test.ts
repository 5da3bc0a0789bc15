import {
  createUseCases,
  Principals,
  SessionVersionCache,
  UuidV7Generator,
  nextRefreshToken,
  ok,
  PasswordReset,
  systemClock,
  type UseCases,
} from '@hexabill/core';
import {
  aUser,
  FakeAccessTokens,
  FakeOpaqueTokens,
  FakePasswordHasher,
  FakePaymentGateway,
  DEFAULT_TEST_PASSWORD,
} from '@hexabill/core/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  PgNotificationListener,
  PgPasswordResetSweeper,
  PgRefreshTokenSweeper,
  PgSessionInvalidations,
  PgUnitOfWork,
  SESSIONS_CHANNEL,
} from '../src/index.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';

let db: TestDatabase;
let uow: PgUnitOfWork;
let useCases: UseCases;
let opaqueTokens: FakeOpaqueTokens;
const ids = new UuidV7Generator();
const anonymous = { principal: Principals.anonymous() };

beforeAll(async () => {
  db = await createTestDatabase();
  uow = new PgUnitOfWork(db.database, ids, systemClock);
});
afterAll(async () => {
  await db.drop();
});
beforeEach(async () => {
  await db.truncate();
  opaqueTokens = new FakeOpaqueTokens();
  const tokens = new FakeAccessTokens();
  const sessions = new SessionVersionCache(uow);
  useCases = createUseCases({
    uow,
    hasher: new FakePasswordHasher(),
    tokens,
    verifier: tokens,
    opaqueTokens,
    sessions,
    ids,
    clock: systemClock,
    gateway: new FakePaymentGateway(),
  });
});

async function seed(...users: ReturnType<typeof aUser>[]): Promise<void> {
  await uow.transaction(async (tx) => {
    for (const user of users) await tx.users.add(user);
    return ok(undefined);
  });
}

describe('session version notifications (LISTEN/NOTIFY)', () => {
  it('tell every instance, at commit, whose sessions changed — and nothing for other writes or rollbacks', async () => {
    const forgotten: string[] = [];
    let forgotAll = 0;
    const listener = new PgNotificationListener(db.url, SESSIONS_CHANNEL);
    const invalidations = new PgSessionInvalidations(listener, {
      forget: (userId) => forgotten.push(userId),
      forgetAll: () => (forgotAll += 1),
    });
    await invalidations.start();
    try {
      const user = aUser();
      const renamed = aUser();
      await seed(user, renamed);
      const signedIn = (
        await useCases.authenticateUser.execute({ email: user.email, password: DEFAULT_TEST_PASSWORD }, anonymous)
      )._unsafeUnwrap();
      const me = (await useCases.authenticateAccessToken.execute({ token: signedIn.accessToken }))._unsafeUnwrap();

      await useCases.updateUser.execute({ id: renamed.id, name: 'Renamed' }, { principal: Principals.system() });
      await uow
        .transaction(async (tx) => {
          const loaded = await tx.users.findById(user.id);
          loaded?.signOutEverywhere();
          if (loaded) await tx.users.save(loaded);
          throw new Error('rolled back');
        })
        .catch(() => undefined);
      await useCases.signOutEverywhere.execute({}, { principal: me });
      await useCases.deleteUser.execute({ id: renamed.id }, { principal: Principals.system() });
      await expect.poll(() => forgotten).toEqual([user.id, renamed.id]);
      expect(forgotAll).toBe(0);
    } finally {
      await invalidations.close();
    }
  });
});

describe('under concurrency', () => {
  it('two admins demoting each other at once leave one admin, never none', async () => {
    for (let round = 0; round < 5; round += 1) {
      await db.truncate();
      const a = aUser({ role: 'admin' });
      const b = aUser({ role: 'admin' });
      await seed(a, b);
      const results = await Promise.all([
        useCases.changeRole.execute({ id: b.id, role: 'user' }, { principal: Principals.admin(a.id) }),
        useCases.changeRole.execute({ id: a.id, role: 'user' }, { principal: Principals.admin(b.id) }),
      ]);
      expect(results.map((r) => (r.isOk() ? 'ok' : r.error.code)).sort()).toEqual(['USER_LAST_ADMIN', 'ok']);
      expect(await db.knex('users').where({ role: 'admin' })).toHaveLength(1);
    }
  });

  it('ten requests refreshing with one token: at most one rotation, and the session ends revoked (reuse)', async () => {
    const user = aUser();
    await seed(user);
    const signedIn = (
      await useCases.authenticateUser.execute({ email: user.email, password: DEFAULT_TEST_PASSWORD }, anonymous)
    )._unsafeUnwrap();
    const results = await Promise.all(
      Array.from({ length: 10 }, () => useCases.refreshSession.execute({ refreshToken: signedIn.refreshToken }, anonymous)),
    );
    expect(results.filter((r) => r.isOk()).length).toBeLessThanOrEqual(1);
    expect(results.filter((r) => r.isErr()).every((r) => r._unsafeUnwrapErr().code === 'INVALID_REFRESH_TOKEN')).toBe(true);
    const rows = await db.knex('refresh_tokens').where({ user_id: user.id });
    expect(rows.length).toBeGreaterThanOrEqual(1);
    expect(rows.every((row: { revoked_at: Date | null }) => row.revoked_at !== null)).toBe(true);
  });

  it('two requests redeeming one reset token: one password change', async () => {
    const user = aUser();
    await seed(user);
    const reset = PasswordReset.request({ id: ids.next(), userId: user.id, now: new Date(), ttlSeconds: 600 });
    const { token, digest } = await opaqueTokens.issue();
    reset.issueToken(digest);
    await uow.transaction((tx) => tx.passwordResets.add(reset));
    const results = await Promise.all(
      ['new-password-1', 'new-password-2'].map((newPassword) => useCases.confirmPasswordReset.execute({ token, newPassword }, anonymous)),
    );
    expect(results.map((r) => (r.isOk() ? 'ok' : r.error.code)).sort()).toEqual(['PASSWORD_RESET_TOKEN_INVALID', 'ok']);
    expect((await db.knex('users').where({ id: user.id }).first()).session_version).toBe(2);
  });
});

describe('retention of ended sessions and expired resets', () => {
  it('deletes refresh tokens of sessions ended before the window, and expired resets, nothing younger', async () => {
    const user = aUser();
    await seed(user);
    const now = new Date();
    const day = 24 * 3600 * 1000;
    const limits = { maxLifetimeSeconds: 3600, idleTimeoutSeconds: 600 };
    const old = nextRefreshToken({ id: ids.next(), userId: user.id, digest: 'old', now: new Date(now.getTime() - 3 * day), limits });
    const fresh = nextRefreshToken({ id: ids.next(), userId: user.id, digest: 'fresh', now, limits });
    const oldReset = PasswordReset.request({ id: ids.next(), userId: null, now: new Date(now.getTime() - 3 * day), ttlSeconds: 600 });
    const freshReset = PasswordReset.request({ id: ids.next(), userId: user.id, now, ttlSeconds: 600 });
    await uow.transaction(async (tx) => {
      await tx.refreshTokens.add(old);
      await tx.refreshTokens.add(fresh);
      await tx.passwordResets.add(oldReset);
      await tx.passwordResets.add(freshReset);
      return ok(undefined);
    });
    expect(await new PgRefreshTokenSweeper(db.database, { windowSeconds: 24 * 3600 }).sweep(now)).toBe(1);
    expect(await new PgPasswordResetSweeper(db.database, { windowSeconds: 24 * 3600 }).sweep(now)).toBe(1);
    expect((await db.knex('refresh_tokens')).map((r: { id: string }) => r.id)).toEqual([fresh.id]);
    expect((await db.knex('password_resets')).map((r: { id: string }) => r.id)).toEqual([freshReset.id]);
  });
});
