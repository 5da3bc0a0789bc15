/**
 * Thrown — not returned — by an adapter when something the work needs cannot be reached right now
 * (the database is down, restarting or out of connections). It is lost infrastructure, not a bug and
 * not the caller's fault: an API answers 503 with Retry-After, and the adapter that saw the outage
 * reports it once, not once per request.
 */
export class DependencyUnavailableError extends Error {
  override readonly name = 'DependencyUnavailableError';

  constructor(
    /** What is unavailable, for the answer and the logs: `database`, … */
    readonly dependency: string,
    message: string,
    options?: { readonly cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Also recognises the error across copies of this package (by name), as `instanceof` alone would not. */
export function isDependencyUnavailable(error: unknown): error is DependencyUnavailableError {
  return (
    error instanceof DependencyUnavailableError ||
    (error instanceof Error &&
      error.name === 'DependencyUnavailableError' &&
      typeof (error as { dependency?: unknown }).dependency === 'string')
  );
}
