import pg from 'pg';
import { startEmbeddedPostgres } from './embedded-postgres-server.js';
import { freeLoopbackPort } from './free-port.js';

export interface EmbeddedDatabase {
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * A real PostgreSQL for development, with its data kept in `dataDir` between runs, and the
 * `database` in it. Only `npm start` uses it; `api` and `worker` never load it.
 */
export async function startEmbeddedDatabase(dataDir: string, database = 'hexabill'): Promise<EmbeddedDatabase> {
  const server = await startEmbeddedPostgres({ dataDir, port: await freeLoopbackPort(54329) });
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
  if (rowCount === 0) await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(database)}`);
  await admin.end();
  const url = new URL(server.url);
  url.pathname = `/${database}`;
  return { url: url.toString(), stop: () => server.stop() };
}
