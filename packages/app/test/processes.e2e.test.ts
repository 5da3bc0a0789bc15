import { randomBytes } from 'node:crypto';
import { Principals } from '@hexabill/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKENS } from '../src/index.js';
import {
  client,
  createAdmin,
  login,
  spawnEntrypoint,
  startFakeGateway,
  startInfrastructure,
  startSystem,
  waitFor,
  type Infrastructure,
} from './support/system.js';

let infra: Infrastructure;
beforeAll(async () => {
  infra = await startInfrastructure();
});
afterAll(async () => {
  await infra.stop();
});

describe('processes', () => {
  it('a worker killed mid-payment and a new one started still end in exactly one payment', async () => {
    const gateway = await startFakeGateway({ delayMs: 1_500 });
    // The API in this process; the workers as child processes, so one can be SIGKILLed.
    const system = await startSystem(infra, { worker: false });
    const workerEnv = infra.env({
      PAYMENT_GATEWAY: 'http',
      PAYMENT_GATEWAY_URL: gateway.url,
      SQS_VISIBILITY_TIMEOUT_SECONDS: '3',
      SQS_HEARTBEAT_SECONDS: '1',
    });
    const first = spawnEntrypoint('worker', workerEnv);
    try {
      await first.waitForLog('worker started');
      const api = client(system.baseUrl);
      const admin = await createAdmin(system);
      const adminToken = await login(api, admin.email, admin.password);
      const user = await system.container
        .get(TOKENS.useCases)
        .registerUser.execute(
          { email: `k-${randomBytes(3).toString('hex')}@example.com`, name: 'K', password: 'a-long-password' },
          { principal: Principals.anonymous() },
        );
      const invoice = await api.call('POST', '/api/v1/invoices', {
        token: adminToken,
        body: { user_id: user._unsafeUnwrap().id, amount: '42.00' },
      });
      await api.call('POST', `/api/v1/invoices/${invoice.body.id}/request-payment`, { token: adminToken });

      // Kill the worker while the gateway is charging.
      await waitFor(
        () => Promise.resolve(gateway.requests.length),
        (n) => n >= 1,
      );
      first.child.kill('SIGKILL');
      expect(await first.exit()).toBeNull();
      expect((await system.knex('invoices').where({ id: invoice.body.id }).first()).status).toBe('payment_requested');

      const second = spawnEntrypoint('worker', workerEnv);
      try {
        await second.waitForLog('worker started');
        await waitFor(
          () => system.knex('invoices').where({ id: invoice.body.id }).first(),
          (row) => row?.status === 'paid',
          40_000,
        );
        expect(gateway.requests.length).toBeGreaterThanOrEqual(2);
        expect(gateway.charges.size).toBe(1);
        const paidEvents = await system.knex('outbox').where({ aggregate_id: invoice.body.id, event_type: 'invoice.paid' });
        expect(paidEvents).toHaveLength(1);
      } finally {
        second.child.kill('SIGTERM');
        expect(await second.exit()).toBe(0);
      }
    } finally {
      if (first.child.exitCode === null && first.child.signalCode === null) first.child.kill('SIGKILL');
      await system.stop();
      await gateway.close();
    }
  });

  it('SIGTERM to the API under load loses no accepted request, and it exits 0', async () => {
    const api = spawnEntrypoint('api', infra.env());
    const listening = await api.waitForLog('api listening');
    const base = String(listening.url);
    const http = await import('node:http');

    // One connection per request, so a refused connection is the only "not accepted".
    const post = (email: string): Promise<{ status?: number; error?: string }> =>
      new Promise((resolve) => {
        const body = JSON.stringify({ email, name: 'Load', password: 'a-long-password' });
        const req = http.request(
          `${base}/api/v1/users`,
          { method: 'POST', agent: false, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } },
          (res) => {
            res.resume();
            res.on('end', () => {
              resolve({ status: res.statusCode });
            });
          },
        );
        req.on('error', (error: NodeJS.ErrnoException) => {
          resolve({ error: error.code ?? error.message });
        });
        req.end(body);
      });

    const results: { status?: number; error?: string }[] = [];
    let stop = false;
    let n = 0;
    const loops = Array.from({ length: 8 }, async () => {
      while (!stop) {
        n += 1;
        const result = await post(`load-${n}-${randomBytes(3).toString('hex')}@example.com`);
        results.push(result);
        if (result.error) return;
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    api.child.kill('SIGTERM');
    const code = await api.exit();
    stop = true;
    await Promise.all(loops);

    expect(code).toBe(0);
    const answered = results.filter((r) => r.status !== undefined);
    const failed = results.filter((r) => r.error !== undefined);
    expect(answered.length).toBeGreaterThan(20);
    expect(answered.every((r) => r.status === 201)).toBe(true);
    // A connection still in the kernel's backlog when the listener closes is refused or reset
    // without the app ever reading it: those are not accepted requests.
    for (const error of new Set(failed.map((r) => r.error))) expect(['ECONNREFUSED', 'ECONNRESET']).toContain(error);
    // Every request the app did read was answered: its access log has exactly the answered ones.
    const served = api.output
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { message?: string; route?: string; status?: number })
      .filter((entry) => entry.message === 'http request' && entry.route === '/api/v1/users');
    expect(served.length).toBe(answered.length);
    expect(served.every((entry) => entry.status === 201)).toBe(true);
    const system = await startSystem(infra, { worker: false });
    try {
      const [row] = await system.knex('users').where('email', 'like', 'load-%').count({ n: '*' });
      // Every registration that was answered is stored, and nothing was stored without an answer.
      expect(Number(row?.n)).toBe(answered.length);
    } finally {
      await system.stop();
    }
  });
});
