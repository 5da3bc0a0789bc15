import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';

export interface RunningHttpServer {
  readonly url: string;
  readonly port: number;
  /** Stops accepting connections, lets requests in flight finish (up to `deadlineMs`), then closes. */
  close(deadlineMs: number): Promise<void>;
}

export async function startHttpServer(
  fetch: (request: Request) => Response | Promise<Response>,
  hostname: string,
  port: number,
): Promise<RunningHttpServer> {
  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve({ fetch, hostname, port }, () => {
      resolve(s);
    }) as Server;
    s.once('error', reject);
  });
  // Idle keep-alive sockets should not outlive a deploy by much.
  server.keepAliveTimeout = 5_000;
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    close: (deadlineMs) =>
      new Promise<void>((resolve) => {
        const force = setTimeout(() => {
          server.closeAllConnections();
        }, deadlineMs);
        force.unref();
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}
