/**
 * fauxqs (an SNS/SQS emulator) in a process of its own, started by the bench for the pipeline:
 *   node fauxqs-host.js <port>
 * Answers `{type: 'ready', url, pid}` over IPC; stops when asked, on SIGTERM, or when the bench goes away.
 */
import { startFauxqs } from 'fauxqs';
import { reportFailure, stopWhenAsked, type HostMessage } from './host-messages.js';

try {
  const server = await startFauxqs({ port: Number(process.argv[2]), host: '127.0.0.1', logger: false });
  stopWhenAsked(() => server.stop());
  process.send?.({ type: 'ready', url: `http://127.0.0.1:${String(server.port)}`, pid: process.pid } satisfies HostMessage);
} catch (error) {
  reportFailure(error);
}
