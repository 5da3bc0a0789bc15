import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../embedded/embedded-postgres-server.js';
import { freeLoopbackPort } from '../embedded/free-port.js';
import { createKnex } from '../knex-client.js';
import { migrateLatest } from '../migrations/migrate.js';
import { assertTestDatabaseName, databaseNameOf, withDatabase } from './database-guard.js';

export interface TestPostgresServer {
  /** A URL on the server whose role may create databases. */
  readonly url: string;
  /** Stops the server (a no-op for an external one) and removes its data. */
  stop(): Promise<void>;
  /** Only for an embedded server: stop and start it again, keeping its data (outage tests). */
  restart?: { stop(): Promise<void>; start(): Promise<void> };
}

/**
 * A PostgreSQL for tests: the server TEST_DATABASE_URL names (its database must contain "test"),
 * or else an embedded one on a free loopback port, in a temporary folder, with fsync off.
 * Needs the embedded-postgres package (a dev dependency) for the embedded case.
 */
export async function startTestPostgres(options: { external?: string } = {}): Promise<TestPostgresServer> {
  if (options.external) {
    assertTestDatabaseName(databaseNameOf(options.external));
    return { url: options.external, stop: () => Promise.resolve() };
  }
  const port = await freeLoopbackPort();
  const dataDir = mkdtempSync(join(tmpdir(), 'hexabill-pg-test-'));
  const server = await startEmbeddedPostgres({ dataDir, port, fast: true });
  return {
    url: server.url,
    stop: async () => {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
    restart: { stop: () => server.stop(), start: () => server.start() },
  };
}

async function onServer(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** Creates `name` (which must contain "test") migrated to the latest schema; returns its URL. */
export async function createMigratedDatabase(serverUrl: string, name: string, template?: string): Promise<string> {
  assertTestDatabaseName(name);
  await onServer(serverUrl, `DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
  await onServer(serverUrl, `CREATE DATABASE ${pg.escapeIdentifier(name)}${template ? ` TEMPLATE ${pg.escapeIdentifier(template)}` : ''}`);
  const url = withDatabase(serverUrl, name);
  if (!template) {
    const knex = createKnex({ connectionString: url, poolMax: 1 });
    try {
      await migrateLatest(knex);
    } finally {
      await knex.destroy();
    }
  }
  return url;
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  assertTestDatabaseName(name);
  await onServer(serverUrl, `DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
}
