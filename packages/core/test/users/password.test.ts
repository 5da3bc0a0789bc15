import { beforeEach, describe, expect, it } from 'vitest';
import { Principals, type Principal, type RequestContext, type SessionTokens } from '../../src/index.js';
import { aUser, createTestKit, DEFAULT_TEST_PASSWORD, TEST_PASSWORD_RESET_URL, type TestKit } from '../../src/testing/index.js';

const anonymous: RequestContext = { principal: Principals.anonymous(), clientAddress: '203.0.113.9' };

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
const tokenIn = (text: string): string => /#token=([A-Za-z0-9_-]+)/.exec(text)?.[1] ?? '';

describe('ChangePassword', () => {
  it('sets the new password, keeps the caller’s session and ends every other, and refuses earlier access tokens', async () => {
    const user = aUser();
    await kit.seed(user);
    const other = await signIn(user.email);
    const mine = await signIn(user.email);
    const me = (await principalOf(mine.accessToken)) as Principal;
    const changed = await kit.changePassword.execute(
      { currentPassword: DEFAULT_TEST_PASSWORD, newPassword: 'a-brand-new-password' },
      { principal: me },
    );
    expect(changed.isOk()).toBe(true);
    expect(await principalOf(mine.accessToken)).toBeNull();
    expect(await principalOf(other.accessToken)).toBeNull();
    expect((await kit.refreshSession.execute({ refreshToken: other.refreshToken }, anonymous)).isErr()).toBe(true);
    expect((await kit.refreshSession.execute({ refreshToken: mine.refreshToken }, anonymous)).isOk()).toBe(true);
    expect((await kit.authenticateUser.execute({ email: user.email, password: DEFAULT_TEST_PASSWORD }, anonymous)).isErr()).toBe(true);
    await signIn(user.email, 'a-brand-new-password');
    const event = kit.outbox.envelopes.find((e) => e.event_type === 'user.password_changed');
    expect(event?.payload).toEqual({ user_id: user.id, reason: 'changed' });
    expect(JSON.stringify(kit.outbox.envelopes)).not.toMatch(/a-brand-new-password|fake-hash/);
  });

  it('refuses a wrong current password (401) and a weak new one (422), changing nothing', async () => {
    const user = aUser();
    await kit.seed(user);
    const tokens = await signIn(user.email);
    const ctx = { principal: (await principalOf(tokens.accessToken)) as Principal };
    const wrong = await kit.changePassword.execute({ currentPassword: 'not-it-at-all', newPassword: 'a-brand-new-password' }, ctx);
    expect(wrong._unsafeUnwrapErr().code).toBe('INVALID_CREDENTIALS');
    const weak = await kit.changePassword.execute({ currentPassword: DEFAULT_TEST_PASSWORD, newPassword: 'short' }, ctx);
    expect(weak._unsafeUnwrapErr()).toMatchObject({ code: 'VALIDATION_FAILED', issues: [{ path: 'new_password' }] });
    expect(await principalOf(tokens.accessToken)).not.toBeNull();
  });

  it('counts current-password checks as sign-in attempts', async () => {
    kit = createTestKit({
      loginLimits: {
        perAccountAndAddress: { limit: 2, windowSeconds: 60 },
        perAddress: { limit: 100, windowSeconds: 60 },
        perAccount: { limit: 100, windowSeconds: 60 },
      },
    });
    const user = aUser();
    await kit.seed(user);
    const tokens = await signIn(user.email);
    const ctx = { principal: (await principalOf(tokens.accessToken)) as Principal, clientAddress: '203.0.113.9' };
    await kit.changePassword.execute({ currentPassword: 'guess-number-1', newPassword: 'a-brand-new-password' }, ctx);
    const limited = await kit.changePassword.execute({ currentPassword: 'guess-number-2', newPassword: 'a-brand-new-password' }, ctx);
    expect(limited._unsafeUnwrapErr().code).toBe('RATE_LIMITED');
  });
});

describe('password reset by e-mail', () => {
  it('e-mails a single-use link through the outbox, never from the request itself', async () => {
    const user = aUser();
    await kit.seed(user);
    const session = await signIn(user.email);
    expect((await kit.requestPasswordReset.execute({ email: user.email.toUpperCase() }, anonymous)).isOk()).toBe(true);
    expect(kit.mailbox.sent).toEqual([]);
    await kit.drain();
    expect(kit.mailbox.sent).toHaveLength(1);
    const [mail] = kit.mailbox.sent;
    expect(mail?.to).toBe(user.email);
    expect(mail?.text).toContain(`${TEST_PASSWORD_RESET_URL}#token=`);
    const token = tokenIn(mail?.text ?? '');

    expect((await kit.confirmPasswordReset.execute({ token, newPassword: 'reset-password-1' }, anonymous)).isOk()).toBe(true);
    await signIn(user.email, 'reset-password-1');
    expect(await principalOf(session.accessToken)).toBeNull();
    expect((await kit.refreshSession.execute({ refreshToken: session.refreshToken }, anonymous)).isErr()).toBe(true);
    const again = await kit.confirmPasswordReset.execute({ token, newPassword: 'reset-password-2' }, anonymous);
    expect(again._unsafeUnwrapErr().code).toBe('PASSWORD_RESET_TOKEN_INVALID');
    expect(kit.outbox.envelopes.find((e) => e.event_type === 'user.password_changed')?.payload).toEqual({
      user_id: user.id,
      reason: 'reset',
    });
  });

  it('does the same work and answers the same for an address no account has', async () => {
    const user = aUser();
    await kit.seed(user);
    const known = await kit.requestPasswordReset.execute({ email: user.email }, anonymous);
    const unknown = await kit.requestPasswordReset.execute({ email: 'nobody@example.com' }, anonymous);
    expect(unknown).toEqual(known);
    expect(kit.outbox.envelopes.map((e) => e.event_type)).toEqual(['password_reset.requested', 'password_reset.requested']);
    expect(kit.database.committed.passwordResets.size).toBe(2);
    await kit.drain();
    expect(kit.mailbox.sent.map((m) => m.to)).toEqual([user.email]);
  });

  it('refuses an expired token, and the e-mail of a request that expired while queued is never sent', async () => {
    const user = aUser();
    await kit.seed(user);
    await kit.requestPasswordReset.execute({ email: user.email }, anonymous);
    await kit.drain();
    const token = tokenIn(kit.mailbox.sent[0]?.text ?? '');
    kit.clock.advance(30 * 60 * 1000);
    expect((await kit.confirmPasswordReset.execute({ token, newPassword: 'reset-password-1' }, anonymous))._unsafeUnwrapErr().code).toBe(
      'PASSWORD_RESET_TOKEN_INVALID',
    );
    await kit.requestPasswordReset.execute({ email: user.email }, anonymous);
    kit.clock.advance(31 * 60 * 1000);
    await kit.drain();
    expect(kit.mailbox.sent).toHaveLength(1);
  });

  it('retries the e-mail when the mail server fails, and sends it once', async () => {
    const user = aUser();
    await kit.seed(user);
    await kit.requestPasswordReset.execute({ email: user.email }, anonymous);
    kit.mailbox.failNext(1);
    await expect(kit.drain()).rejects.toThrow(/users.send-password-reset failed/);
    const [event] = kit.outbox.envelopes;
    if (!event) throw new Error('expected the event');
    const handler = kit.handlers.find((h) => h.subscription.consumer === 'users.send-password-reset');
    expect((await handler?.handle(event, { attempt: 2, maxAttempts: 5 }))?._unsafeUnwrap()).toBe('handled');
    expect((await handler?.handle(event, { attempt: 3, maxAttempts: 5 }))?._unsafeUnwrap()).toBe('duplicate');
    expect(kit.mailbox.sent).toHaveLength(1);
    // The token of the failed attempt was never kept: only the e-mailed one works.
    const token = tokenIn(kit.mailbox.sent[0]?.text ?? '');
    expect(
      (
        await kit.confirmPasswordReset.execute({ token: kit.opaqueTokens.issued[0] ?? '', newPassword: 'reset-password-1' }, anonymous)
      ).isErr(),
    ).toBe(true);
    expect((await kit.confirmPasswordReset.execute({ token, newPassword: 'reset-password-1' }, anonymous)).isOk()).toBe(true);
  });

  it('voids the other pending links once one is used', async () => {
    const user = aUser();
    await kit.seed(user);
    await kit.requestPasswordReset.execute({ email: user.email }, anonymous);
    await kit.requestPasswordReset.execute({ email: user.email }, anonymous);
    await kit.drain();
    const [first, second] = kit.mailbox.sent.map((m) => tokenIn(m.text));
    expect((await kit.confirmPasswordReset.execute({ token: second ?? '', newPassword: 'reset-password-1' }, anonymous)).isOk()).toBe(true);
    expect((await kit.confirmPasswordReset.execute({ token: first ?? '', newPassword: 'reset-password-2' }, anonymous)).isErr()).toBe(true);
  });

  it('limits requests per address asked about and per client, whether or not an account has it', async () => {
    const limited = async (email: string, clientAddress: string) =>
      (await kit.requestPasswordReset.execute({ email }, { principal: Principals.anonymous(), clientAddress })).isErr();
    const results = [];
    for (let i = 0; i < 4; i += 1) results.push(await limited('nobody@example.com', `198.51.100.${String(i)}`));
    expect(results).toEqual([false, false, false, true]);
    const spray = [];
    for (let i = 0; i < 21; i += 1) spray.push(await limited(`n${String(i)}@example.com`, '192.0.2.1'));
    expect(spray.filter(Boolean)).toHaveLength(1);
  });

  it('refuses a malformed address and a weak new password as 422', async () => {
    expect((await kit.requestPasswordReset.execute({ email: 'not an email' }, anonymous))._unsafeUnwrapErr().code).toBe(
      'VALIDATION_FAILED',
    );
    expect((await kit.confirmPasswordReset.execute({ token: 'x', newPassword: 'short' }, anonymous))._unsafeUnwrapErr().code).toBe(
      'VALIDATION_FAILED',
    );
  });
});

describe('SetPassword (the operator’s admin reset-password)', () => {
  it('sets the password and ends every session, as a reset does', async () => {
    const user = aUser({ role: 'admin' });
    await kit.seed(user);
    const before = await signIn(user.email);
    const set = await kit.setPassword.execute(
      { email: ` ${user.email.toUpperCase()} `, password: 'an-operator-chosen-password' },
      { principal: Principals.system() },
    );
    expect(set._unsafeUnwrap()).toMatchObject({ id: user.id, role: 'admin' });
    expect(await principalOf(before.accessToken)).toBeNull();
    expect((await kit.refreshSession.execute({ refreshToken: before.refreshToken }, anonymous)).isErr()).toBe(true);
    await signIn(user.email, 'an-operator-chosen-password');
    expect(kit.outbox.envelopes.find((e) => e.event_type === 'user.password_changed')?.payload).toEqual({
      user_id: user.id,
      reason: 'reset',
    });
  });

  it('is the system’s alone, refuses a weak password by name, and names an unknown e-mail', async () => {
    const admin = aUser({ role: 'admin' });
    await kit.seed(admin);
    const asAdmin = { principal: Principals.admin(admin.id) };
    expect((await kit.setPassword.execute({ email: admin.email, password: 'a-long-password' }, asAdmin))._unsafeUnwrapErr().code).toBe(
      'FORBIDDEN',
    );
    const system = { principal: Principals.system() };
    expect((await kit.setPassword.execute({ email: admin.email, password: 'short' }, system))._unsafeUnwrapErr()).toMatchObject({
      code: 'VALIDATION_FAILED',
      issues: [{ path: 'password' }],
    });
    expect(
      (await kit.setPassword.execute({ email: 'nobody@example.com', password: 'a-long-password' }, system))._unsafeUnwrapErr().code,
    ).toBe('USER_NOT_FOUND');
    await signIn(admin.email);
  });
});
