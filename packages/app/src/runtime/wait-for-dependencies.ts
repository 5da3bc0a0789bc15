import { checkDatabaseConnection, databaseTargetOf } from '@hexabill/adapter-postgres';
import { waitForDependency, type Logger } from '@hexabill/core';
import type { Config } from '../config/config-schema.js';

/**
 * Waits for one dependency at start-up: transient failures (refused, timed out, throttled, still
 * starting) are retried and logged until STARTUP_TIMEOUT_SECONDS; anything else, or running out of
 * time, fails with the adapter's one-line message, which the entrypoint prints before exiting 1.
 */
export function waitForStartup<T>(config: Config, logger: Logger, dependency: string, attempt: () => Promise<T>): Promise<T> {
  return waitForDependency(attempt, {
    dependency,
    timeoutMs: config.STARTUP_TIMEOUT_SECONDS * 1_000,
    giveUpHint: 'STARTUP_TIMEOUT_SECONDS sets how long to wait',
    onRetry: (error, delayMs, attempt) => {
      logger.warn('waiting for a dependency', { dependency, problem: error.problem, error: error.message, attempt, retry_in_ms: delayMs });
    },
  });
}

/** PostgreSQL answers on DATABASE_URL (api, worker, migrate, housekeep check it before anything else). */
export async function waitForDatabase(config: Config, logger: Logger): Promise<void> {
  const url = config.DATABASE_URL ?? '';
  const { host, port } = databaseTargetOf(url);
  await waitForStartup(config, logger, `PostgreSQL at ${host}:${port} (DATABASE_URL)`, () => checkDatabaseConnection(url));
}
