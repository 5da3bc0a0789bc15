import 'reflect-metadata';
import { loadConfigOrExit } from '../config/load-config.js';
import { buildContainer } from '../container/build-container.js';
import { TOKENS } from '../container/tokens.js';
import { onShutdownSignal } from '../runtime/shutdown.js';
import { startOrExit } from '../runtime/start-or-exit.js';

/** `worker`: the SQS consumers, the outbox relay and housekeeping. Any number may run side by side. */
const config = loadConfigOrExit(process.env, ['DATABASE_URL']);
const container = buildContainer(config);
const worker = await startOrExit(async () => {
  const started = await container.getAsync(TOKENS.worker);
  await started.start();
  return started;
}, config.LOG_LEVEL);
onShutdownSignal(container.get(TOKENS.logger), config.SHUTDOWN_TIMEOUT_MS, async () => {
  await worker.stop();
  await container.unbindAllAsync();
});
