/**
 * PostgreSQL in a process of its own, so that it is in a process group of its own: a terminal's
 * Ctrl-C goes to every process of the foreground group, and a PostgreSQL there would stop at once,
 * before the app that uses it has drained. Started by `startEmbeddedPostgresApart`:
 *   node embedded-postgres-host.js <dataDir> <port>
 * It answers `{ type: 'ready', url }` over IPC and stops the server when told `{ type: 'stop' }`,
 * or when its parent goes away (the IPC channel closes), whatever killed the parent.
 */
import { startEmbeddedPostgres } from './embedded-postgres-server.js';

const [dataDir, port] = process.argv.slice(2);
// In a group of its own no terminal signal reaches it; a stray one must not leave PostgreSQL behind.
process.on('SIGINT', () => undefined);

try {
  const server = await startEmbeddedPostgres({ dataDir: dataDir ?? '', port: Number(port) });
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= server.stop().then(() => {
      if (process.connected) process.disconnect();
      process.exit(0);
    }));
  process.on('message', (message: { type?: string }) => {
    if (message.type === 'stop') void stop();
  });
  process.on('disconnect', () => void stop());
  process.on('SIGTERM', () => void stop());
  process.send?.({ type: 'ready', url: server.url });
} catch (error) {
  process.send?.({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  process.exit(1);
}
