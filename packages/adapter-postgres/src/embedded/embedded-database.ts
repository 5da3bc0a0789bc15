import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { processIsAlive, startEmbeddedPostgres, startEmbeddedPostgresApart } from './embedded-postgres-server.js';
import { freeLoopbackPort } from './free-port.js';

export interface EmbeddedDatabase {
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * A real PostgreSQL for development, with its data kept in `dataDir` between runs, and the
 * `database` in it. Only `npm start` uses it; `api` and `worker` never load it. With
 * `ownProcessGroup`, the server runs in a child process of its own process group, out of reach of
 * the terminal's Ctrl-C, and stops when told (or when this process goes away).
 */
export async function startEmbeddedDatabase(
  dataDir: string,
  database = 'hexabill',
  options: { readonly ownProcessGroup?: boolean } = {},
): Promise<EmbeddedDatabase> {
  const settings = { dataDir, port: await freeLoopbackPort(54329) };
  const server = options.ownProcessGroup ? await startEmbeddedPostgresApart(settings) : await startEmbeddedPostgres(settings);
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
  if (rowCount === 0) await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(database)}`);
  await admin.end();
  const url = new URL(server.url);
  url.pathname = `/${database}`;
  return { url: url.toString(), stop: () => server.stop() };
}

/**
 * The development database in `dataDir` whether or not `npm start` is running: the running server's
 * (its port read from postmaster.pid), else one started here for the caller and stopped by `stop()`.
 * For commands run beside `npm start`, such as `admin`.
 */
export async function openEmbeddedDatabase(dataDir: string, database = 'hexabill'): Promise<EmbeddedDatabase> {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (existsSync(pidFile)) {
    // postmaster.pid: the server's pid on line 1, its port on line 4.
    const lines = readFileSync(pidFile, 'utf8').split('\n');
    const pid = Number(lines[0]);
    const port = Number(lines[3]);
    if (pid > 0 && port > 0 && processIsAlive(pid)) {
      return { url: `postgres://postgres:postgres@127.0.0.1:${String(port)}/${database}`, stop: () => Promise.resolve() };
    }
  }
  return startEmbeddedDatabase(dataDir, database);
}
