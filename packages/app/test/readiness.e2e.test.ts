import { createMigratedDatabase, startTestPostgres, type TestPostgresServer } from '@hexabill/adapter-postgres/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, login, spawnEntrypoint, startInfrastructure, startSystem, waitFor, type Infrastructure } from './support/system.js';

let infra: Infrastructure;
let own: TestPostgresServer;
beforeAll(async () => {
  infra = await startInfrastructure();
  // A PostgreSQL of this test's own, so stopping it disturbs nobody else.
  own = await startTestPostgres();
});
afterAll(async () => {
  await own.stop();
  await infra.stop();
});

describe('readiness', () => {
  it('answers 503 while the database is down and 200 again once it is back, with no restart', async () => {
    const databaseUrl = await createMigratedDatabase(own.url, 'hexabill_test_readiness');
    const system = await startSystem(infra, { worker: false, env: { DATABASE_URL: databaseUrl } });
    const ready = async () => (await fetch(`${system.baseUrl}/health/ready`)).status;
    try {
      expect(await ready()).toBe(200);
      await own.restart?.stop();
      expect(await waitFor(ready, (s) => s === 503)).toBe(503);
      expect((await fetch(`${system.baseUrl}/health`)).status).toBe(200);
      await own.restart?.start();
      expect(await waitFor(ready, (s) => s === 200, 30_000)).toBe(200);
    } finally {
      await system.stop();
    }
  });
});

describe('a database outage, seen by the api process', () => {
  it('answers 503 problem+json with Retry-After, logs one WARN each way and no error, and recovers by itself', async () => {
    const databaseUrl = await createMigratedDatabase(own.url, 'hexabill_test_outage');
    const api = spawnEntrypoint('api', infra.env({ DATABASE_URL: databaseUrl }));
    try {
      const base = String((await api.waitForLog('api listening')).url);
      const http = client(base);
      const email = 'outage@example.com';
      expect((await http.call('POST', '/api/v1/users', { body: { email, name: 'O', password: 'a-long-password' } })).status).toBe(201);
      const token = await login(http, email, 'a-long-password');

      await own.restart?.stop();
      const requests = Array.from({ length: 10 }, (_, i) => [
        () => http.call('GET', '/api/v1/users/me', { token }),
        () => http.call('GET', '/api/v1/invoices', { token }),
        () => http.call('POST', '/api/v1/users', { body: { email: `o${String(i)}@example.com`, name: 'O', password: 'a-long-password' } }),
        () => http.call('POST', '/api/v1/auth/token', { body: { email, password: 'a-long-password' } }),
      ]).flat();
      const answers = await Promise.all(requests.map((send) => send()));
      expect(answers.map((a) => a.status)).toEqual(answers.map(() => 503));
      for (const answer of answers) {
        expect(answer.headers.get('content-type')).toBe('application/problem+json');
        expect(answer.headers.get('retry-after')).toBe('5');
        expect(answer.body).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' });
      }

      await own.restart?.start();
      await waitFor(
        async () => (await http.call('GET', '/api/v1/users/me', { token })).status,
        (status) => status === 200,
        30_000,
      );
      // Lines are written in batches, after the answers that caused them.
      await api.waitForLog('database available again');
      const lines = api.output.filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, any>);
      const messages = lines.map((l) => String(l.message));
      expect(messages.filter((m) => m.startsWith('database unavailable'))).toHaveLength(1);
      expect(messages.filter((m) => m === 'database available again')).toHaveLength(1);
      expect(lines.filter((l) => l.level === 'error')).toEqual([]);
      expect(lines.filter((l) => l.level === 'warn').length).toBeGreaterThan(0);
      expect(api.output.join('\n')).not.toMatch(/\bstack\b| {4}at /);
      expect(lines.filter((l) => l.message === 'http request' && l.status === 503)).toHaveLength(answers.length);
    } finally {
      api.child.kill('SIGTERM');
      expect(await api.exit()).toBe(0);
    }
  });
});
