import { freePort } from './embedded-database.js';

export interface LocalMessaging {
  readonly endpoint: string;
  stop(): Promise<void>;
}

/** fauxqs, an SNS/SQS emulator, in this process — for `npm start` only. */
export async function startLocalMessaging(): Promise<LocalMessaging> {
  const { startFauxqs } = await import('fauxqs');
  const server = await startFauxqs({ port: await freePort(4566), logger: false });
  return { endpoint: `http://127.0.0.1:${server.port}`, stop: () => server.stop() };
}
