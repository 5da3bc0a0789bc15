import 'reflect-metadata';
import { loadConfigOrExit } from '../config/load-config.js';
import { buildContainer } from '../container/build-container.js';
import { TOKENS } from '../container/tokens.js';
import { onShutdownSignal } from '../runtime/shutdown.js';
import { startOrExit } from '../runtime/start-or-exit.js';
import { startTracingIfConfigured } from '../runtime/tracing.js';
import { waitForDatabase } from '../runtime/wait-for-dependencies.js';

/** `api`: the HTTP server. Scale out by running more of it behind a load balancer. */
const config = loadConfigOrExit(process.env, ['DATABASE_URL']);
const stopTracing = await startTracingIfConfigured(config, 'hexabill-api');
const container = buildContainer(config);
const api = await startOrExit(async () => {
  // Listening before PostgreSQL answers would only fail readiness; a wrong DATABASE_URL is better said at once.
  await waitForDatabase(config, container.get(TOKENS.logger));
  const started = container.get(TOKENS.api);
  await started.start();
  return started;
}, config.LOG_LEVEL);
onShutdownSignal(container.get(TOKENS.logger), config.SHUTDOWN_TIMEOUT_MS, async () => {
  await api.stop();
  await container.unbindAllAsync();
  await stopTracing();
});
