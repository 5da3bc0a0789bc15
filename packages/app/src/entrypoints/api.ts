import 'reflect-metadata';
import { loadConfigOrExit } from '../config/load-config.js';
import { buildContainer } from '../container/build-container.js';
import { TOKENS } from '../container/tokens.js';
import { startApi } from '../runtime/services.js';
import { onShutdownSignal } from '../runtime/shutdown.js';

/** `api`: the HTTP server. Scale out by running more of it behind a load balancer. */
const config = loadConfigOrExit(process.env, ['DATABASE_URL']);
const container = buildContainer(config);
const logger = container.get(TOKENS.logger);
const api = await startApi(container);
onShutdownSignal(logger, config.SHUTDOWN_TIMEOUT_MS, () => api.stop());
