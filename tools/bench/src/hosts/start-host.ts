import { benchScript, scriptEnv } from '../bench-context.js';
import type { ManagedProcess, ProcessSupervisor } from '../processes/process-supervisor.js';
import { asHostMessage } from './host-messages.js';

export interface RunningHost {
  readonly process: ManagedProcess;
  readonly url: string;
  /** The postmaster's pid for PostgreSQL; the host's own pid for fauxqs. */
  readonly pid: number;
}

/** Starts one of the host scripts (hosts/*.js) and waits for its `ready` message. */
export async function startHost(
  supervisor: ProcessSupervisor,
  name: string,
  script: 'hosts/postgres-host.js' | 'hosts/fauxqs-host.js',
  args: readonly string[],
): Promise<RunningHost> {
  const child = supervisor.start({ name, command: process.execPath, args: [benchScript(script), ...args], env: scriptEnv(), ipc: true });
  const message = await child.nextMessage(asHostMessage, 180_000);
  if (message.type === 'failed') throw child.failure(`failed to start: ${message.message}`);
  return { process: child, url: message.url, pid: message.pid };
}

/** Asks a host to stop (it stops its server, then exits) and waits; kills it if it takes too long. */
export async function stopHost(host: RunningHost): Promise<void> {
  if (host.process.running) {
    try {
      host.process.send({ type: 'stop' });
    } catch {
      // Not connected any more: stop() below signals it.
    }
  }
  await host.process.stop(30_000);
}
