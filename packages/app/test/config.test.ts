import { describe, expect, it } from 'vitest';
import { ConfigError, DEV_JWT_SECRET, loadConfig } from '../src/index.js';

function problems(env: Record<string, string>, required: Parameters<typeof loadConfig>[1] = []): string[] {
  try {
    loadConfig(env, required);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
}

describe('configuration', () => {
  it('has working defaults for development', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ NODE_ENV: 'development', PORT: 3000, JWT_SECRET: DEV_JWT_SECRET, SQS_MAX_RECEIVE_COUNT: 5 });
  });

  it('names every bad or missing variable at once', () => {
    const found = problems(
      { PORT: 'eighty', DATABASE_POOL_MAX: '0', SQS_HEARTBEAT_SECONDS: '60', PAYMENT_GATEWAY: 'http', AWS_ACCESS_KEY_ID: 'x' },
      ['DATABASE_URL'],
    );
    expect(found.map((p) => p.split(':')[0])).toEqual(
      expect.arrayContaining(['PORT', 'DATABASE_POOL_MAX', 'SQS_HEARTBEAT_SECONDS', 'PAYMENT_GATEWAY_URL', 'AWS_SECRET_ACCESS_KEY']),
    );
    expect(problems({}, ['DATABASE_URL'])).toEqual(['DATABASE_URL: is required']);
    expect(problems({ DATABASE_URL: 'mysql://x' })[0]).toMatch(/^DATABASE_URL: must be a postgres/);
  });

  it('refuses default or placeholder secrets in production', () => {
    const base = { NODE_ENV: 'production', DATABASE_URL: 'postgres://db/hexabill' };
    expect(problems(base)).toEqual([expect.stringMatching(/^JWT_SECRET: is a default or placeholder/)]);
    expect(problems({ ...base, JWT_SECRET: 'change-me-change-me-change-me-change-me' })[0]).toMatch(/^JWT_SECRET/);
    expect(problems({ ...base, JWT_SECRET: 'a'.repeat(40) })[0]).toMatch(/^JWT_SECRET: has too few distinct/);
    expect(problems({ ...base, JWT_SECRET: 'k2J9xQ7vB4nM1pL8zR6tY3wE5uI0oA2sD7fG', SCRYPT_LOG2N: '12' })).toEqual([
      'SCRYPT_LOG2N: must be at least 17 (OWASP) in production',
    ]);
    expect(problems({ ...base, JWT_SECRET: 'k2J9xQ7vB4nM1pL8zR6tY3wE5uI0oA2sD7fG' })).toEqual([]);
  });

  it('keeps a session’s idle timeout within its lifetime', () => {
    expect(problems({ REFRESH_TOKEN_MAX_LIFETIME_SECONDS: '3600', REFRESH_TOKEN_IDLE_TIMEOUT_SECONDS: '7200' })).toEqual([
      'REFRESH_TOKEN_IDLE_TIMEOUT_SECONDS: must not be longer than REFRESH_TOKEN_MAX_LIFETIME_SECONDS',
    ]);
    expect(problems({ SMTP_URL: 'http://mail.example.com' })[0]).toMatch(/^SMTP_URL: must be an smtp/);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '' }).PORT).toBe(3000);
  });
});

describe('.env.example', () => {
  it('documents every variable of the schema, and nothing else', async () => {
    const { readFileSync } = await import('node:fs');
    const { ConfigSchema } = await import('../src/index.js');
    const documented = [...readFileSync(new URL('../../../.env.example', import.meta.url), 'utf8').matchAll(/^([A-Z][A-Z0-9_]+)=/gm)].map(
      (m) => m[1],
    );
    expect([...documented].sort()).toEqual(Object.keys(ConfigSchema.shape).sort());
  });
});

describe('DATABASE_PASSWORD', () => {
  it('goes into DATABASE_URL, escaped', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://hexabill@db:5432/hexabill', DATABASE_PASSWORD: 'p@ss/word' }).DATABASE_URL).toBe(
      'postgres://hexabill:p%40ss%2Fword@db:5432/hexabill',
    );
  });
});

describe('TRUSTED_PROXIES', () => {
  it('trusts nobody by default, and names each bad entry', () => {
    expect(loadConfig({}).TRUSTED_PROXIES.description).toBe('none');
    expect(loadConfig({ TRUSTED_PROXIES: '10.0.0.0/16' }).TRUSTED_PROXIES.description).toBe('10.0.0.0/16');
    expect(problems({ TRUSTED_PROXIES: '10.0.0.0/40, vpc', TRUSTED_PROXY_HEADER: 'x-real-ip' })).toEqual([
      'TRUSTED_PROXIES: "10.0.0.0/40": the prefix length of an IPv4 range is 0–32',
      'TRUSTED_PROXIES: "vpc" is not an IP address or CIDR range',
      expect.stringMatching(/^TRUSTED_PROXY_HEADER: /),
    ]);
  });
});
