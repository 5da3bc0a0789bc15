export interface LocalMessaging {
  readonly endpoint: string;
  stop(): Promise<void>;
}

/**
 * fauxqs, an SNS/SQS emulator, in this process — for `npm start` and tests only (fauxqs is a dev
 * dependency, loaded here on demand). On `preferredPort` (the usual 4566) when it is free, so local
 * tools find it; on any free port otherwise.
 */
export async function startLocalMessaging(preferredPort = 4566): Promise<LocalMessaging> {
  const { startFauxqs } = await import('fauxqs');
  const server = await startFauxqs({ port: preferredPort, host: '127.0.0.1', logger: false }).catch(() =>
    startFauxqs({ port: 0, host: '127.0.0.1', logger: false }),
  );
  return { endpoint: `http://127.0.0.1:${String(server.port)}`, stop: () => server.stop() };
}
