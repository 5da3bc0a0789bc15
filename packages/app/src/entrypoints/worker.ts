import 'reflect-metadata';
import { checkInboxRetention } from '../config/check-retention.js';
import { loadConfigOrExit } from '../config/load-config.js';
import { buildContainer } from '../container/build-container.js';
import { TOKENS } from '../container/tokens.js';
import { onShutdownSignal } from '../runtime/shutdown.js';
import { startOrExit } from '../runtime/start-or-exit.js';
import { startTracingIfConfigured } from '../runtime/tracing.js';
import { waitForDatabase } from '../runtime/wait-for-dependencies.js';

/** `worker`: the SQS consumers, the outbox relay and housekeeping. Any number may run side by side. */
const config = loadConfigOrExit(process.env, ['DATABASE_URL']);
const stopTracing = await startTracingIfConfigured(config, 'hexabill-worker');
const container = buildContainer(config);
const worker = await startOrExit(async () => {
  // Settings first: no point waiting for dependencies to refuse to start anyway.
  checkInboxRetention(config, await container.getAsync(TOKENS.topologyDefinition));
  await waitForDatabase(config, container.get(TOKENS.logger));
  const started = await container.getAsync(TOKENS.worker);
  await started.start();
  return started;
}, config.LOG_LEVEL);
onShutdownSignal(container.get(TOKENS.logger), config.SHUTDOWN_TIMEOUT_MS, async () => {
  await worker.stop();
  await container.unbindAllAsync();
  await stopTracing();
});
