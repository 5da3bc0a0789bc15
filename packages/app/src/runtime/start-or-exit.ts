/**
 * Runs an entrypoint's start-up; a failure prints one line naming what is wrong (the stack only when
 * LOG_LEVEL=debug) and exits 1, instead of an uncaught stack trace.
 */
export async function startOrExit<T>(start: () => Promise<T>, logLevel: string): Promise<T> {
  try {
    return await start();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`hexabill could not start: ${message}\n`);
    if (logLevel === 'debug' && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    process.exit(1);
  }
}
