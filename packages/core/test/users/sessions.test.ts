import { beforeEach, describe, expect, it } from 'vitest';
import { Principals, type Principal, type RequestContext, type SessionTokens } from '../../src/index.js';
import { aUser, createTestKit, DEFAULT_TEST_PASSWORD, type TestKit } from '../../src/testing/index.js';

const anonymous: RequestContext = { principal: Principals.anonymous() };

let kit: TestKit;
beforeEach(() => {
  kit = createTestKit();
});

async function signIn(email: string, password = DEFAULT_TEST_PASSWORD): Promise<SessionTokens> {
  return (await kit.authenticateUser.execute({ email, password }, anonymous))._unsafeUnwrap();
}

async function principalOf(accessToken: string): Promise<Principal | null> {
  const result = await kit.authenticateAccessToken.execute({ token: accessToken });
  return result.isOk() ? result.value : null;
}

const refresh = (refreshToken: string) => kit.refreshSession.execute({ refreshToken }, anonymous);
const eventTypes = () => kit.outbox.envelopes.map((e) => e.event_type);

describe('signing in', () => {
  it('opens a session: an access token naming it and a refresh token stored only as a digest', async () => {
    const user = aUser();
    await kit.seed(user);
    const tokens = await signIn(user.email);
    const principal = await principalOf(tokens.accessToken);
    expect(principal).toMatchObject({ kind: 'user', id: user.id, role: 'user', sessionId: expect.any(String) });
    const [stored] = [...kit.database.committed.refreshTokens.values()];
    expect(stored).toMatchObject({ userId: user.id, familyId: principal?.kind === 'user' ? principal.sessionId : '', usedAt: null });
    expect(JSON.stringify(stored)).not.toContain(tokens.refreshToken);
  });
});

describe('RefreshSession', () => {
  it('rotates: a new pair in the same session, and the old refresh token is spent', async () => {
    const user = aUser();
    await kit.seed(user);
    const first = await signIn(user.email);
    const second = (await refresh(first.refreshToken))._unsafeUnwrap();
    expect(second.refreshToken).not.toBe(first.refreshToken);
    const [a, b] = await Promise.all([principalOf(first.accessToken), principalOf(second.accessToken)]);
    expect(b).toEqual(a);
    expect((await refresh(second.refreshToken)).isOk()).toBe(true);
  });

  it('treats a spent token coming back as theft: the session is revoked, the legitimate holder’s next refresh fails too', async () => {
    const user = aUser();
    await kit.seed(user);
    const stolen = await signIn(user.email);
    const legit = (await refresh(stolen.refreshToken))._unsafeUnwrap();
    const replay = await refresh(stolen.refreshToken);
    expect(replay._unsafeUnwrapErr().code).toBe('INVALID_REFRESH_TOKEN');
    expect((await refresh(legit.refreshToken))._unsafeUnwrapErr().code).toBe('INVALID_REFRESH_TOKEN');
    expect(eventTypes()).toContain('user.refresh_token_reused');
    // Every access token of the user is cut too, the one the thief may hold among them.
    expect(await principalOf(legit.accessToken)).toBeNull();
  });

  it('leaves the user’s other sessions alone when one is revoked for reuse', async () => {
    const user = aUser();
    await kit.seed(user);
    const phone = await signIn(user.email);
    const laptop = await signIn(user.email);
    await refresh(phone.refreshToken);
    await refresh(phone.refreshToken);
    expect((await refresh(laptop.refreshToken)).isOk()).toBe(true);
  });

  it('refuses an unknown token, and one whose idle time or lifetime ran out', async () => {
    const user = aUser();
    await kit.seed(user);
    expect((await refresh('never-issued'))._unsafeUnwrapErr().code).toBe('INVALID_REFRESH_TOKEN');
    const idle = await signIn(user.email);
    kit.clock.advance(7 * 24 * 3600 * 1000 + 1);
    expect((await refresh(idle.refreshToken))._unsafeUnwrapErr().code).toBe('INVALID_REFRESH_TOKEN');

    let current = await signIn(user.email);
    // Refreshing every six days keeps the session from idling out, but not past its 30 days.
    for (let day = 6; day < 30; day += 6) {
      kit.clock.advance(6 * 24 * 3600 * 1000);
      current = (await refresh(current.refreshToken))._unsafeUnwrap();
    }
    kit.clock.advance(6 * 24 * 3600 * 1000);
    expect((await refresh(current.refreshToken))._unsafeUnwrapErr().code).toBe('INVALID_REFRESH_TOKEN');
  });

  it('carries a changed role into the next access token', async () => {
    const user = aUser();
    const admin = aUser({ role: 'admin' });
    await kit.seed(user, admin);
    const tokens = await signIn(user.email);
    await kit.changeRole.execute({ id: user.id, role: 'admin' }, { principal: Principals.admin(admin.id) });
    expect(await principalOf(tokens.accessToken)).toBeNull();
    const renewed = (await refresh(tokens.refreshToken))._unsafeUnwrap();
    expect(await principalOf(renewed.accessToken)).toMatchObject({ id: user.id, role: 'admin' });
  });
});

describe('SignOut and SignOutEverywhere', () => {
  it('ends the session of the presented refresh token, and records it', async () => {
    const user = aUser();
    await kit.seed(user);
    const tokens = await signIn(user.email);
    const me = (await principalOf(tokens.accessToken)) as Principal;
    expect((await kit.signOut.execute({ refreshToken: tokens.refreshToken }, { principal: me })).isOk()).toBe(true);
    expect((await refresh(tokens.refreshToken))._unsafeUnwrapErr().code).toBe('INVALID_REFRESH_TOKEN');
    expect(kit.outbox.envelopes.find((e) => e.event_type === 'user.signed_out')?.payload).toEqual({
      user_id: user.id,
      session_id: me.kind === 'user' ? me.sessionId : '',
    });
  });

  it('does nothing with another user’s refresh token (and says nothing either)', async () => {
    const alice = aUser();
    const mallory = aUser();
    await kit.seed(alice, mallory);
    const alices = await signIn(alice.email);
    const mallorys = await signIn(mallory.email);
    const asMallory = { principal: (await principalOf(mallorys.accessToken)) as Principal };
    expect((await kit.signOut.execute({ refreshToken: alices.refreshToken }, asMallory)).isOk()).toBe(true);
    expect((await refresh(alices.refreshToken)).isOk()).toBe(true);
  });

  it('requires a signed-in caller', async () => {
    expect((await kit.signOut.execute({ refreshToken: 'x' }, anonymous))._unsafeUnwrapErr().code).toBe('UNAUTHENTICATED');
    expect((await kit.signOutEverywhere.execute({}, anonymous))._unsafeUnwrapErr().code).toBe('UNAUTHENTICATED');
  });

  it('ends every session and refuses every access token at once when signing out everywhere', async () => {
    const user = aUser();
    await kit.seed(user);
    const phone = await signIn(user.email);
    const laptop = await signIn(user.email);
    const me = (await principalOf(laptop.accessToken)) as Principal;
    expect((await kit.signOutEverywhere.execute({}, { principal: me })).isOk()).toBe(true);
    for (const session of [phone, laptop]) {
      expect(await principalOf(session.accessToken)).toBeNull();
      expect((await refresh(session.refreshToken)).isErr()).toBe(true);
    }
    expect(eventTypes()).toContain('user.signed_out_everywhere');
    expect((await principalOf((await signIn(user.email)).accessToken))?.kind).toBe('user');
  });
});

describe('AuthenticateAccessToken', () => {
  it('refuses a forged token and the token of a deleted user', async () => {
    const user = aUser();
    await kit.seed(user);
    const tokens = await signIn(user.email);
    expect(await principalOf(`${tokens.accessToken}x`)).toBeNull();
    const me = (await principalOf(tokens.accessToken)) as Principal;
    expect((await kit.deleteUser.execute({ id: user.id }, { principal: me })).isOk()).toBe(true);
    expect(await principalOf(tokens.accessToken)).toBeNull();
  });
});
