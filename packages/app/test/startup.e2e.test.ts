import { createServer, connect, type Server, type Socket } from 'node:net';
import { startFauxqs } from 'fauxqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnEntrypoint, startInfrastructure, type Infrastructure } from './support/system.js';

let infra: Infrastructure;
beforeAll(async () => {
  infra = await startInfrastructure();
});
afterAll(async () => {
  await infra.stop();
});

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
  return address && typeof address === 'object' ? address.port : 0;
}

/** A TCP relay on `port` to `target`: PostgreSQL appearing on an address where nothing answered before. */
async function relay(port: number, target: URL): Promise<{ close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(Number(target.port), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => socket.destroy());
      socket.on('close', () => sockets.delete(socket));
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => {
          resolve();
        });
      }),
  };
}

describe('start-up waits for dependencies that are not there yet', () => {
  it('the worker waits for SNS/SQS to come up, then starts', async () => {
    const port = await closedPort();
    const worker = spawnEntrypoint(
      'worker',
      infra.env({ AWS_ENDPOINT: `http://127.0.0.1:${String(port)}`, STARTUP_TIMEOUT_SECONDS: '120' }),
    );
    let late: Awaited<ReturnType<typeof startFauxqs>> | undefined;
    try {
      const waiting = await worker.waitForLog('waiting for a dependency');
      expect(waiting).toMatchObject({ dependency: `SNS/SQS at AWS_ENDPOINT=http://127.0.0.1:${String(port)}`, problem: 'unreachable' });
      late = await startFauxqs({ port, logger: false });
      await worker.waitForLog('worker started', 60_000);
    } finally {
      worker.child.kill('SIGTERM');
      expect(await worker.exit()).toBe(0);
      await late?.stop();
    }
  });

  it('the API waits for PostgreSQL to accept connections, then listens', async () => {
    const port = await closedPort();
    const database = new URL(infra.databaseUrl);
    const behindRelay = new URL(infra.databaseUrl);
    behindRelay.port = String(port);
    const api = spawnEntrypoint('api', infra.env({ DATABASE_URL: behindRelay.toString(), STARTUP_TIMEOUT_SECONDS: '120' }));
    let proxy: { close(): Promise<void> } | undefined;
    try {
      const waiting = await api.waitForLog('waiting for a dependency');
      expect(waiting).toMatchObject({ dependency: `PostgreSQL at 127.0.0.1:${String(port)} (DATABASE_URL)`, problem: 'unreachable' });
      proxy = await relay(port, database);
      const listening = await api.waitForLog('api listening', 60_000);
      expect((await fetch(`${String(listening.url)}/health/ready`)).status).toBe(200);
    } finally {
      api.child.kill('SIGTERM');
      expect(await api.exit()).toBe(0);
      await proxy?.close();
    }
  });
});
