import { createServer } from 'node:net';
import { startEmbeddedPostgres } from '@hexabill/adapter-postgres/embedded';
import pg from 'pg';

export interface EmbeddedDatabase {
  readonly url: string;
  stop(): Promise<void>;
}

/** `preferred` if it is free on loopback, else any free port. */
export function freePort(preferred = 0): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => {
      resolve(preferred === 0 ? 0 : freePort(0));
    });
    server.listen(preferred, '127.0.0.1', () => {
      const address = server.address();
      const port = address && typeof address === 'object' ? address.port : 0;
      server.close(() => {
        resolve(port);
      });
    });
  });
}

/**
 * A real PostgreSQL for development, with its data kept in `dataDir` between runs, and the
 * `database` in it. Only `npm start` uses it; `api` and `worker` never load it.
 */
export async function startEmbeddedDatabase(dataDir: string, database = 'hexabill'): Promise<EmbeddedDatabase> {
  const server = await startEmbeddedPostgres({ dataDir, port: await freePort(54329) });
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
  if (rowCount === 0) await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(database)}`);
  await admin.end();
  const url = new URL(server.url);
  url.pathname = `/${database}`;
  return { url: url.toString(), stop: () => server.stop() };
}
