import 'reflect-metadata';
import { loadConfigOrExit } from '../config/load-config.js';
import { buildContainer } from '../container/build-container.js';
import { TOKENS } from '../container/tokens.js';
import { startWorker } from '../runtime/services.js';
import { onShutdownSignal } from '../runtime/shutdown.js';

/** `worker`: the SQS consumers and the outbox relay. Any number may run side by side. */
const config = loadConfigOrExit(process.env, ['DATABASE_URL']);
const container = buildContainer(config);
const logger = container.get(TOKENS.logger);
const worker = await startWorker(container);
onShutdownSignal(logger, config.SHUTDOWN_TIMEOUT_MS, () => worker.stop());
