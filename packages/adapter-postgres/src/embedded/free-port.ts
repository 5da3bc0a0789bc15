import { createServer } from 'node:net';

/** `preferred` when it is free on loopback (a stable port for local tools), else any free port. */
export function freeLoopbackPort(preferred = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', (error) => {
      if (preferred === 0) reject(error);
      else resolve(freeLoopbackPort(0));
    });
    server.listen(preferred, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}
