import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMigratedDatabase, dropDatabase } from '@hexabill/adapter-postgres/testing';
import { Principals } from '@hexabill/core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildContainer, loadConfig, TOKENS } from '../src/index.js';

const main = join(dirname(fileURLToPath(import.meta.url)), '../dist/entrypoints/main.js');

/** `node main.js <args>` with exactly `env` (and PATH), `input` on its standard input. */
function cli(args: string[], env: Record<string, string>, input = ''): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [main, ...args], { env: { PATH: process.env.PATH ?? '', ...env } });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('close', (code) => {
      resolve({ code, out });
    });
    child.stdin.end(input);
  });
}

let databaseUrl: string;
let name: string;
let folder: string;
const env = (extra: Record<string, string> = {}): Record<string, string> => ({ DATABASE_URL: databaseUrl, SCRYPT_LOG2N: '10', ...extra });

/** Signs in through the core as the API would: whether this password opens this account, and its role. */
async function signIn(email: string, password: string): Promise<string | null> {
  const container = buildContainer(loadConfig(env({ LOG_LEVEL: 'error' })));
  try {
    const useCases = container.get(TOKENS.useCases);
    const tokens = await useCases.authenticateUser.execute(
      { email, password },
      { principal: Principals.anonymous(), clientAddress: '127.0.0.1' },
    );
    if (tokens.isErr()) return null;
    const principal = await useCases.authenticateAccessToken.execute({ token: tokens.value.accessToken });
    return principal.isOk() && principal.value.kind === 'user' ? principal.value.role : null;
  } finally {
    await container.unbindAllAsync();
  }
}

beforeAll(async () => {
  name = `hexabill_test_admin_${randomBytes(4).toString('hex')}`;
  databaseUrl = await createMigratedDatabase(inject('postgresServerUrl'), name);
  folder = mkdtempSync(join(tmpdir(), 'hexabill-admin-'));
});
afterAll(async () => {
  rmSync(folder, { recursive: true, force: true });
  await dropDatabase(inject('postgresServerUrl'), name);
});

describe('the first admin, by migrate latest', () => {
  it('refuses a weak or missing password, naming the variable, before touching anything', async () => {
    const weak = await cli(['migrate', 'latest'], env({ FIRST_ADMIN_EMAIL: 'root@example.com', FIRST_ADMIN_PASSWORD: 'short' }));
    expect(weak.code).toBe(1);
    expect(weak.out).toMatch(/FIRST_ADMIN_PASSWORD: must be at least 8 characters/);
    const missing = await cli(['migrate', 'latest'], env({ FIRST_ADMIN_EMAIL: 'root@example.com' }));
    expect(missing.code).toBe(1);
    expect(missing.out).toMatch(/FIRST_ADMIN_PASSWORD: is required with FIRST_ADMIN_EMAIL/);
    const file = join(folder, 'weak');
    writeFileSync(file, 'tiny\n');
    const weakFile = await cli(['migrate', 'latest'], env({ FIRST_ADMIN_EMAIL: 'root@example.com', FIRST_ADMIN_PASSWORD_FILE: file }));
    expect(weakFile.code).toBe(1);
    expect(weakFile.out).toMatch(/FIRST_ADMIN_PASSWORD_FILE: the password must be at least 8 characters/);
    expect(await signIn('root@example.com', 'tiny')).toBeNull();
  });

  it('creates it from a password file, never prints the password, and is idempotent', async () => {
    const file = join(folder, 'password');
    writeFileSync(file, 'a-first-admin-password\n');
    const settings = env({ FIRST_ADMIN_EMAIL: 'root@example.com', FIRST_ADMIN_PASSWORD_FILE: file });
    const first = await cli(['migrate', 'latest'], settings);
    expect(first).toEqual({ code: 0, out: 'already up to date\nfirst admin root@example.com: created\n' });
    expect(await signIn('root@example.com', 'a-first-admin-password')).toBe('admin');
    expect(await cli(['migrate', 'latest'], settings)).toEqual({
      code: 0,
      out: 'already up to date\nfirst admin root@example.com: already an admin\n',
    });
  });

  it('promotes a user who registered already, keeping their password', async () => {
    const container = buildContainer(loadConfig(env({ LOG_LEVEL: 'error' })));
    await container
      .get(TOKENS.useCases)
      .registerUser.execute(
        { email: 'owner@example.com', name: 'Owner', password: 'the-owners-own-password' },
        { principal: Principals.anonymous() },
      );
    await container.unbindAllAsync();
    expect(await signIn('owner@example.com', 'the-owners-own-password')).toBe('user');
    const promoted = await cli(
      ['migrate', 'latest'],
      env({ FIRST_ADMIN_EMAIL: 'owner@example.com', FIRST_ADMIN_PASSWORD: 'not-used-for-an-existing-user' }),
    );
    expect(promoted).toEqual({ code: 0, out: 'already up to date\nfirst admin owner@example.com: promoted\n' });
    expect(await signIn('owner@example.com', 'the-owners-own-password')).toBe('admin');
  });
});

describe('the admin command', () => {
  it('creates an admin with a password from standard input, and refuses a weak one or a taken e-mail', async () => {
    expect(await cli(['admin', 'create', 'ops@example.com', '--name', 'Ops'], env(), 'an-ops-password-typed\n')).toEqual({
      code: 0,
      out: 'ops@example.com: created\n',
    });
    expect(await signIn('ops@example.com', 'an-ops-password-typed')).toBe('admin');
    const weak = await cli(['admin', 'create', 'weak@example.com'], env(), 'short\n');
    expect(weak).toEqual({ code: 1, out: 'admin create: standard input: the password must be at least 8 characters\n' });
    const taken = await cli(['admin', 'create', 'ops@example.com'], env({ ADMIN_PASSWORD: 'another-long-password' }));
    expect(taken).toEqual({ code: 1, out: 'admin create: ops@example.com is registered already: use `admin promote ops@example.com`\n' });
  });

  it('resets a password (ADMIN_PASSWORD), ending the old one, and promotes; an unknown e-mail is named', async () => {
    expect(await cli(['admin', 'reset-password', 'ops@example.com'], env({ ADMIN_PASSWORD: 'a-replacement-password' }))).toEqual({
      code: 0,
      out: 'ops@example.com: password set\n',
    });
    expect(await signIn('ops@example.com', 'an-ops-password-typed')).toBeNull();
    expect(await signIn('ops@example.com', 'a-replacement-password')).toBe('admin');
    expect(await cli(['admin', 'promote', 'nobody@example.com'], env())).toEqual({
      code: 1,
      out: 'admin promote: no user has the e-mail nobody@example.com\n',
    });
    expect((await cli(['admin', 'demote', 'ops@example.com'], env())).code).toBe(2);
  });
});
