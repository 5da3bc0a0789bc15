import { startTestSmtpServer, type ReceivedMail, type TestSmtpServer } from '@hexabill/adapter-smtp/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdmin, startInfrastructure, startSystem, waitFor, type Infrastructure, type System } from './support/system.js';

/**
 * The account lifecycle over real HTTP on PostgreSQL, with the worker on fauxqs and reset e-mails
 * through a real SMTP server. Every response is recorded, so the last test can check that no
 * secret (password, refresh token, reset token) ever left through a response other than the one
 * that issued it, a log line or the outbox.
 */

let infra: Infrastructure;
let smtp: TestSmtpServer;
let system: System;

interface Recorded {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly text: string;
}
const responses: Recorded[] = [];
const secrets = { passwords: new Set<string>(), refreshTokens: new Set<string>(), resetTokens: new Set<string>() };

interface Answer {
  status: number;
  body: any;
  headers: Headers;
}

async function call(method: string, path: string, init: { body?: unknown; token?: string; base?: string } = {}): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (init.token) headers.Authorization = `Bearer ${init.token}`;
  if (init.body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(`${init.base ?? system.baseUrl}/api/v1${path}`, {
    method,
    headers,
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const text = await response.text();
  responses.push({ method, path, status: response.status, text });
  const body = text ? JSON.parse(text) : null;
  if (typeof body?.refresh_token === 'string') secrets.refreshTokens.add(body.refresh_token);
  return { status: response.status, body, headers: response.headers };
}

interface Session {
  access: string;
  refresh: string;
}

async function signIn(email: string, password: string): Promise<Session> {
  const res = await call('POST', '/auth/token', { body: { email, password } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(res.headers.get('cache-control')).toBe('no-store');
  return { access: res.body.access_token, refresh: res.body.refresh_token };
}

async function newUser(tag: string): Promise<{ id: string; email: string; password: string }> {
  const email = `${tag}-${Math.random().toString(36).slice(2, 8)}@example.com`;
  const password = `pw-${tag}-${Math.random().toString(36).slice(2, 12)}`;
  secrets.passwords.add(password);
  const res = await call('POST', '/users', { body: { email, name: tag, password } });
  expect(res.status).toBe(201);
  return { id: res.body.id, email, password };
}

const refresh = (refreshToken: string) => call('POST', '/auth/refresh', { body: { refresh_token: refreshToken } });
const me = (token: string, base?: string) => call('GET', '/users/me', { token, ...(base ? { base } : {}) });

async function resetMailFor(email: string, after: number): Promise<{ mail: ReceivedMail; token: string }> {
  const mail = await smtp.waitForMail((m) => m.to.includes(email) && smtp.received.indexOf(m) >= after);
  const token = /#token=([A-Za-z0-9_-]+)/.exec(mail.text)?.[1];
  if (!token) throw new Error(`no token in ${mail.text}`);
  secrets.resetTokens.add(token);
  return { mail, token };
}

let admin: { email: string; password: string; session: Session };

beforeAll(async () => {
  infra = await startInfrastructure();
  smtp = await startTestSmtpServer();
  system = await startSystem(infra, {
    env: {
      SMTP_URL: smtp.url,
      MAIL_FROM: 'hexabill <no-reply@hexabill.test>',
      PASSWORD_RESET_URL: 'https://app.example.com/reset-password',
      LOGIN_MAX_ATTEMPTS_PER_ADDRESS: '1000',
    },
  });
  const made = await createAdmin(system);
  secrets.passwords.add(made.password);
  admin = { ...made, session: await signIn(made.email, made.password) };
});
afterAll(async () => {
  await system.stop();
  await smtp.close();
  await infra.stop();
});

describe('refresh tokens', () => {
  it('rotate: each refresh answers a new pair in the same session, and spends the token it was given', async () => {
    const user = await newUser('rotate');
    const first = await signIn(user.email, user.password);
    const res = await refresh(first.refresh);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body.refresh_token).not.toBe(first.refresh);
    expect((await me(res.body.access_token)).status).toBe(200);
    const third = await refresh(res.body.refresh_token);
    expect(third.status).toBe(200);
    const rows = await system.knex('refresh_tokens').where({ user_id: user.id }).orderBy('created_at');
    expect(rows).toHaveLength(3);
    expect(new Set(rows.map((r: { family_id: string }) => r.family_id)).size).toBe(1);
    expect(rows.map((r: { used_at: Date | null }) => r.used_at !== null)).toEqual([true, true, false]);
  });

  it('reuse of a rotated token revokes the whole session: the thief gets 401, and so does the legitimate holder’s next refresh', async () => {
    const user = await newUser('reuse');
    const stolen = await signIn(user.email, user.password);
    const legit = await refresh(stolen.refresh);
    expect(legit.status).toBe(200);
    const replay = await refresh(stolen.refresh);
    expect(replay.status).toBe(401);
    expect(replay.body.code).toBe('INVALID_REFRESH_TOKEN');
    expect((await refresh(legit.body.refresh_token)).status).toBe(401);
    expect((await me(legit.body.access_token)).status).toBe(401);
    const rows = await system.knex('refresh_tokens').where({ user_id: user.id });
    expect(rows.every((r: { revoked_at: Date | null }) => r.revoked_at !== null)).toBe(true);
    expect(await system.knex('outbox').where({ aggregate_id: user.id, event_type: 'user.refresh_token_reused' })).toHaveLength(1);
  });

  it('an unknown refresh token is 401 with the same problem as a reused one', async () => {
    const res = await refresh('not-a-refresh-token');
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('INVALID_REFRESH_TOKEN');
  });
});

describe('signing out', () => {
  it('logout ends the session of the refresh token; another user’s token is left alone', async () => {
    const user = await newUser('logout');
    const other = await newUser('bystander');
    const session = await signIn(user.email, user.password);
    const bystander = await signIn(other.email, other.password);
    expect((await call('POST', '/auth/logout', { token: session.access, body: { refresh_token: bystander.refresh } })).status).toBe(204);
    expect((await call('POST', '/auth/logout', { token: session.access, body: { refresh_token: session.refresh } })).status).toBe(204);
    expect((await refresh(session.refresh)).status).toBe(401);
    const renewed = await refresh(bystander.refresh);
    expect(renewed.status).toBe(200);
    expect((await call('POST', '/auth/logout', { body: { refresh_token: renewed.body.refresh_token } })).status).toBe(401);
  });

  it('logout-all ends every session and refuses every access token at once', async () => {
    const user = await newUser('everywhere');
    const phone = await signIn(user.email, user.password);
    const laptop = await signIn(user.email, user.password);
    expect((await call('POST', '/auth/logout-all', { token: laptop.access })).status).toBe(204);
    for (const session of [phone, laptop]) {
      expect((await me(session.access)).status).toBe(401);
      expect((await refresh(session.refresh)).status).toBe(401);
    }
    expect((await me((await signIn(user.email, user.password)).access)).status).toBe(200);
  });
});

describe('access tokens die with the account', () => {
  it('after a password change, on this instance at once and on another as soon as it is told', async () => {
    const second = await startSystem(infra, { worker: false });
    try {
      const user = await newUser('pwchange');
      const other = await signIn(user.email, user.password);
      const mine = await signIn(user.email, user.password);
      expect((await me(mine.access, second.baseUrl)).status).toBe(200); // now cached on the second instance
      const newPassword = `new-${user.password}`;
      secrets.passwords.add(newPassword);
      const changed = await call('POST', '/users/me/password', {
        token: mine.access,
        body: { current_password: user.password, new_password: newPassword },
      });
      expect(changed.status).toBe(204);
      expect((await me(mine.access)).status).toBe(401);
      expect((await me(other.access)).status).toBe(401);
      await waitFor(
        async () => (await me(mine.access, second.baseUrl)).status,
        (status) => status === 401,
      );
      expect((await refresh(other.refresh)).status).toBe(401);
      const renewed = await refresh(mine.refresh);
      expect(renewed.status).toBe(200);
      expect((await me(renewed.body.access_token)).status).toBe(200);
      expect((await call('POST', '/auth/token', { body: { email: user.email, password: user.password } })).status).toBe(401);
      await signIn(user.email, newPassword);
    } finally {
      await second.stop();
    }
  });

  it('after a delete', async () => {
    const user = await newUser('deleted');
    const session = await signIn(user.email, user.password);
    expect((await call('DELETE', `/users/${user.id}`, { token: admin.session.access })).status).toBe(204);
    expect((await me(session.access)).status).toBe(401);
    expect((await refresh(session.refresh)).status).toBe(401);
  });

  it('refuses a wrong current password (401) and a weak new one (422)', async () => {
    const user = await newUser('pwcheck');
    const session = await signIn(user.email, user.password);
    const change = (body: object) => call('POST', '/users/me/password', { token: session.access, body });
    expect((await change({ current_password: 'not-the-password', new_password: 'another-long-password' })).status).toBe(401);
    expect((await change({ current_password: user.password, new_password: 'short' })).status).toBe(422);
    expect((await me(session.access)).status).toBe(200);
  });
});

describe('password reset by e-mail', () => {
  it('sends a single-use link through the outbox and the worker; the link sets the password and ends every session', async () => {
    const user = await newUser('reset');
    const session = await signIn(user.email, user.password);
    const before = smtp.received.length;
    const asked = await call('POST', '/auth/password-reset', { body: { email: user.email } });
    expect(asked.status).toBe(202);
    const { mail, token } = await resetMailFor(user.email, before);
    expect(mail.from).toBe('no-reply@hexabill.test');
    expect(mail.text).toContain(`https://app.example.com/reset-password#token=${token}`);

    const newPassword = `reset-${user.password}`;
    secrets.passwords.add(newPassword);
    const confirm = () => call('POST', '/auth/password-reset/confirm', { body: { token, new_password: newPassword } });
    expect((await confirm()).status).toBe(204);
    expect((await confirm()).status).toBe(422);
    expect((await me(session.access)).status).toBe(401);
    expect((await refresh(session.refresh)).status).toBe(401);
    await signIn(user.email, newPassword);
    expect((await system.knex('users').where({ id: user.id }).first()).session_version).toBe(2);
  });

  it('refuses an expired link', async () => {
    const user = await newUser('expired');
    const before = smtp.received.length;
    await call('POST', '/auth/password-reset', { body: { email: user.email } });
    const { token } = await resetMailFor(user.email, before);
    await system
      .knex('password_resets')
      .where({ user_id: user.id })
      .update({ expires_at: new Date(Date.now() - 1_000) });
    const res = await call('POST', '/auth/password-reset/confirm', { body: { token, new_password: 'too-late-password' } });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('PASSWORD_RESET_TOKEN_INVALID');
    await signIn(user.email, user.password);
  });

  it('answers an unknown address and a known one with the same status and body, and mails only the known one', async () => {
    const user = await newUser('known');
    const unknownEmail = `nobody-${Math.random().toString(36).slice(2, 8)}@example.com`;
    const before = smtp.received.length;
    const known = await call('POST', '/auth/password-reset', { body: { email: user.email } });
    const unknown = await call('POST', '/auth/password-reset', { body: { email: unknownEmail } });
    expect(unknown.status).toBe(known.status);
    expect(unknown.body).toEqual(known.body);
    await resetMailFor(user.email, before);
    const requests = await system.knex('outbox').where({ event_type: 'password_reset.requested' }).orderBy('id', 'desc').limit(2);
    await waitFor(
      async () =>
        system.knex('processed_messages').whereIn(
          'event_id',
          requests.map((r: { event_id: string }) => r.event_id),
        ),
      (rows) => rows.length === 2,
    );
    expect(smtp.received.filter((m) => m.to.includes(unknownEmail))).toEqual([]);
  });

  it('limits requests per address asked about (429)', async () => {
    const email = `flood-${Math.random().toString(36).slice(2, 8)}@example.com`;
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await call('POST', '/auth/password-reset', { body: { email } })).status);
    expect(statuses).toEqual([202, 202, 202, 429]);
  });
});

describe('roles', () => {
  it('an admin promotes and demotes; the last admin cannot be demoted; tokens naming the old role die', async () => {
    expect(
      (
        await call('PATCH', `/users/${(await me(admin.session.access)).body.id}/role`, {
          token: admin.session.access,
          body: { role: 'user' },
        })
      ).status,
    ).toBe(409);
    const user = await newUser('promoted');
    const before = await signIn(user.email, user.password);
    const promoted = await call('PATCH', `/users/${user.id}/role`, { token: admin.session.access, body: { role: 'admin' } });
    expect(promoted.status).toBe(200);
    expect(promoted.body.role).toBe('admin');
    expect((await me(before.access)).status).toBe(401);
    const renewed = await refresh(before.refresh);
    expect((await call('GET', '/users', { token: renewed.body.access_token })).status).toBe(200);

    // Now two admins: the first may step down, and then the second is the last.
    const adminId = (await me(admin.session.access)).body.id as string;
    expect((await call('PATCH', `/users/${adminId}/role`, { token: admin.session.access, body: { role: 'user' } })).status).toBe(200);
    const newcomer = renewed.body.access_token as string;
    const last = await call('PATCH', `/users/${user.id}/role`, { token: newcomer, body: { role: 'user' } });
    expect(last.status).toBe(409);
    expect(last.body.code).toBe('USER_LAST_ADMIN');
    expect((await call('PATCH', `/users/${adminId}/role`, { token: newcomer, body: { role: 'admin' } })).status).toBe(200);
    admin.session = await signIn(admin.email, admin.password);
  });

  it('BOLA: a user can change neither another’s role nor another’s password', async () => {
    const alice = await newUser('alice');
    const mallory = await newUser('mallory');
    const session = await signIn(mallory.email, mallory.password);
    expect((await call('PATCH', `/users/${alice.id}/role`, { token: session.access, body: { role: 'admin' } })).status).toBe(403);
    expect((await call('PATCH', `/users/${mallory.id}/role`, { token: session.access, body: { role: 'admin' } })).status).toBe(403);
    // The only password route is the caller's own: Alice's password proves nothing about Mallory's account.
    const attempt = await call('POST', '/users/me/password', {
      token: session.access,
      body: { current_password: alice.password, new_password: 'mallory-owns-it-now' },
    });
    expect(attempt.status).toBe(401);
    expect((await system.knex('users').where({ id: alice.id }).first()).role).toBe('user');
    await signIn(alice.email, alice.password);
  });
});

describe('secrets', () => {
  it('no password, refresh token or reset token appears in a log line, the outbox, or any response but the one that issued it', async () => {
    const all = [...secrets.passwords, ...secrets.refreshTokens, ...secrets.resetTokens];
    expect(secrets.refreshTokens.size).toBeGreaterThan(10);
    expect(secrets.resetTokens.size).toBeGreaterThanOrEqual(3);
    // The worker's last lines (the e-mails' consumer, the audit log) are in by now.
    await waitFor(
      async () => (await system.knex('outbox').whereNull('published_at')).length,
      (unpublished) => unpublished === 0,
    );
    const logs = JSON.stringify(system.logger.entries);
    const outbox = JSON.stringify(await system.knex('outbox').select('event_type', 'payload', 'headers'));
    for (const secret of all) {
      expect(logs.includes(secret), 'a secret in the logs').toBe(false);
      expect(outbox.includes(secret), 'a secret in the outbox').toBe(false);
    }
    for (const password of [...secrets.passwords, ...secrets.resetTokens]) {
      expect(responses.filter((r) => r.text.includes(password)).map((r) => `${r.method} ${r.path}`)).toEqual([]);
    }
    for (const token of secrets.refreshTokens) {
      const carrying = responses.filter((r) => r.text.includes(token));
      expect(carrying.map((r) => `${r.method} ${r.path}`)).toHaveLength(1);
      expect(['/auth/token', '/auth/refresh']).toContain(carrying[0]?.path);
    }
    const types = new Set((await system.knex('outbox').select('event_type')).map((r: { event_type: string }) => r.event_type));
    for (const type of [
      'user.password_changed',
      'user.role_changed',
      'user.signed_out',
      'user.signed_out_everywhere',
      'user.refresh_token_reused',
      'password_reset.requested',
    ])
      expect(types).toContain(type);
  });
});
