/**
 * Runs an entrypoint's start-up; a failure prints one line naming what is wrong (the stack, and the
 * stack of what caused it, only when LOG_LEVEL=debug) and exits 1, instead of an uncaught stack trace.
 */
export async function startOrExit<T>(start: () => Promise<T>, logLevel: string): Promise<T> {
  try {
    return await start();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`hexabill could not start: ${message}\n`);
    if (logLevel === 'debug') {
      for (let e: unknown = error; e instanceof Error; e = e.cause)
        if (e.stack) process.stderr.write(`${e === error ? '' : 'caused by: '}${e.stack}\n`);
    }
    process.exit(1);
  }
}
