import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, startInfrastructure, startSystem, type Infrastructure, type System } from './support/system.js';

/**
 * The per-address login limit behind a proxy, over real HTTP on PostgreSQL. The test plays the
 * proxy: it connects from 127.0.0.1 and sends the header a load balancer would, i.e. whatever the
 * client sent followed by the address the balancer saw.
 */
let infra: Infrastructure;
beforeAll(async () => {
  infra = await startInfrastructure();
});
afterAll(async () => {
  await infra.stop();
});

const PER_ADDRESS = 3;

async function withSystem(env: Record<string, string>, work: (system: System) => Promise<void>): Promise<void> {
  const system = await startSystem(infra, { worker: false, env: { LOGIN_MAX_ATTEMPTS_PER_ADDRESS: String(PER_ADDRESS), ...env } });
  try {
    // Counters live in PostgreSQL, shared by every system of this file: each scenario starts afresh.
    await system.knex('rate_limits').del();
    await work(system);
  } finally {
    await system.stop();
  }
}

/** One failed sign-in (a fresh email each time, so only the per-address budget is shared); its status. */
async function failedSignIn(system: System, headers: Record<string, string> = {}): Promise<number> {
  const email = `nobody-${randomBytes(4).toString('hex')}@example.com`;
  const res = await client(system.baseUrl).call('POST', '/api/v1/auth/token', { body: { email, password: 'wrong-password' }, headers });
  return res.status;
}

async function attempts(system: System, count: number, headers: Record<string, string> = {}): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < count; i += 1) statuses.push(await failedSignIn(system, headers));
  return statuses;
}

/** The client address of each sign-in request's access-log line, in order. */
function loggedAddresses(system: System): unknown[] {
  return system.logger.entries
    .filter((e) => e.message === 'http request' && e.fields.route === '/api/v1/auth/token')
    .map((e) => e.fields.client_address);
}

const xff = (value: string): Record<string, string> => ({ 'X-Forwarded-For': value });

describe('without TRUSTED_PROXIES', () => {
  it('a forged X-Forwarded-For or Forwarded changes nothing: every attempt counts against the socket’s address', async () => {
    await withSystem({}, async (system) => {
      const forged = ['203.0.113.1', '203.0.113.2', '203.0.113.3'].map(xff);
      const statuses = [];
      for (const headers of forged) statuses.push(await failedSignIn(system, headers));
      expect(statuses).toEqual([401, 401, 401]);
      expect(await failedSignIn(system, { 'X-Forwarded-For': '198.51.100.99', Forwarded: 'for=198.51.100.98' })).toBe(429);
      expect(loggedAddresses(system)).toEqual(['127.0.0.1', '127.0.0.1', '127.0.0.1', '127.0.0.1']);
    });
  });
});

describe('with TRUSTED_PROXIES naming the proxy', () => {
  it('limits each real client on its own, and a forged left-most entry moves nobody into another budget', async () => {
    await withSystem({ TRUSTED_PROXIES: '127.0.0.1/32' }, async (system) => {
      const alice = '203.0.113.10';
      const bob = '198.51.100.20';
      const carol = '198.51.100.30';

      // Alice uses up her budget; Bob, through the same proxy, still has his.
      expect(await attempts(system, PER_ADDRESS, xff(alice))).toEqual([401, 401, 401]);
      expect(await failedSignIn(system, xff(alice))).toBe(429);
      expect(await failedSignIn(system, xff(bob))).toBe(401);

      // Carol puts Bob's address first; the proxy appends hers. She spends her own budget, not Bob's.
      expect(await attempts(system, PER_ADDRESS, xff(`${bob}, ${carol}`))).toEqual([401, 401, 401]);
      expect(await failedSignIn(system, xff(`${bob}, ${carol}`))).toBe(429);
      expect(await attempts(system, PER_ADDRESS - 1, xff(bob))).toEqual([401, 401]);
      expect(await failedSignIn(system, xff(bob))).toBe(429);

      // Nor can a client escape into a fresh budget by naming a new address to the left of its own.
      expect(await failedSignIn(system, xff(`192.0.2.77, ${alice}`))).toBe(429);
      // Alice written as an IPv4-mapped IPv6 address is still Alice.
      expect(await failedSignIn(system, xff(`::ffff:${alice}`))).toBe(429);

      const logged = loggedAddresses(system);
      expect(logged.slice(0, PER_ADDRESS + 2)).toEqual([alice, alice, alice, alice, bob]);
      expect(logged.slice(PER_ADDRESS + 2, 2 * PER_ADDRESS + 3)).toEqual([carol, carol, carol, carol]);
      expect(logged.slice(-2)).toEqual([alice, alice]);
    });
  });

  it('believes no header from a peer outside the trusted ranges', async () => {
    await withSystem({ TRUSTED_PROXIES: '10.0.0.0/8, 192.0.2.0/24' }, async (system) => {
      const statuses = [];
      for (const address of ['203.0.113.1', '203.0.113.2', '203.0.113.3', '203.0.113.4'])
        statuses.push(await failedSignIn(system, xff(address)));
      expect(statuses).toEqual([401, 401, 401, 429]);
      expect(new Set(loggedAddresses(system))).toEqual(new Set(['127.0.0.1']));
    });
  });

  it('reads RFC 7239 Forwarded instead when told to, IPv6 included, and then ignores X-Forwarded-For', async () => {
    await withSystem({ TRUSTED_PROXIES: '127.0.0.1', TRUSTED_PROXY_HEADER: 'forwarded' }, async (system) => {
      const dave = { Forwarded: 'for="[2001:db8::5]:4711";proto=https' };
      expect(await attempts(system, PER_ADDRESS, dave)).toEqual([401, 401, 401]);
      // The same address spelled out in full shares the budget.
      expect(await failedSignIn(system, { Forwarded: 'for="[2001:DB8:0:0:0:0:0:5]"' })).toBe(429);
      expect(await failedSignIn(system, { Forwarded: 'for="[2001:db8::6]"' })).toBe(401);
      // X-Forwarded-For is not the header the proxy writes here: the request counts as the proxy's own.
      expect(await failedSignIn(system, xff('2001:db8::7'))).toBe(401);
      expect(loggedAddresses(system)).toEqual(['2001:db8::5', '2001:db8::5', '2001:db8::5', '2001:db8::5', '2001:db8::6', '127.0.0.1']);
    });
  });
});
