import type { Logger } from '@hexabill/core';

/**
 * Runs `stop` once on SIGTERM or SIGINT, then exits 0 — or 1 if stopping failed or overran
 * `deadlineMs` plus a grace period.
 */
export function onShutdownSignal(logger: Logger, deadlineMs: number, stop: () => Promise<void>): void {
  let stopping = false;
  const handle = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal, deadline_ms: deadlineMs });
    const hardStop = setTimeout(() => {
      logger.error('shutdown overran its deadline; exiting', {});
      process.exit(1);
    }, deadlineMs + 5_000);
    hardStop.unref();
    stop().then(
      () => {
        logger.info('stopped cleanly', {});
        process.exit(0);
      },
      (error: unknown) => {
        logger.error('shutdown failed', { error: error instanceof Error ? error.message : String(error) });
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', handle);
  process.on('SIGINT', handle);
}
