import { createMigratedDatabase, startTestPostgres, type TestPostgresServer } from '@hexabill/adapter-postgres/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInfrastructure, startSystem, waitFor, type Infrastructure } from './support/system.js';

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
