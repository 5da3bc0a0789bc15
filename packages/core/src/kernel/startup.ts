import { timers } from './timers.js';

/** What kind of trouble a dependency gave at start-up; each kind points the operator at other settings. */
export type StartupProblem =
  /** Refused, timed out, reset, or DNS temporarily failing: the network path or the service itself. */
  | 'unreachable'
  /** The service answered but is overloaded, starting up or failing (throttling, 5xx, "starting up"). */
  | 'unavailable'
  /** No credentials, or credentials the service rejects (unknown, expired, wrong password). */
  | 'credentials'
  /** The credentials are valid but may not do what start-up needs. */
  | 'access-denied'
  /** A resource names another region than the one configured. */
  | 'wrong-region'
  /** The topic, queue or database named by the settings does not exist. */
  | 'not-found'
  /** A setting that cannot be right (a host that does not resolve, a malformed identifier). */
  | 'misconfigured'
  /** Anything else the adapter could not classify. */
  | 'failed';

/**
 * A dependency the process needs (a database, a message broker) failed at start-up. The message is
 * one line that names the cause and the setting to check; adapters translate their clients' errors
 * into it so the operator does not have to read a stack trace. `transient` says whether trying again
 * later may help (a refused connection may, a wrong password will not).
 */
export class StartupError extends Error {
  override readonly name = 'StartupError';

  constructor(
    readonly problem: StartupProblem,
    message: string,
    readonly transient: boolean,
    options?: { readonly cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface DependencyWaitOptions {
  /** What is being waited for, for the message when an attempt hangs, e.g. `PostgreSQL at db:5432`. */
  readonly dependency: string;
  /** How long transient failures are retried before giving up; 0 tries once. */
  readonly timeoutMs: number;
  /** Appended to the message when giving up, e.g. the setting that makes the wait longer. */
  readonly giveUpHint?: string;
  /** The first wait; each further one doubles, up to `maxDelayMs` (default 250 ms and 5 s). */
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  /**
   * How long an attempt may hang (neither succeed nor fail) once the deadline has passed (default
   * 5 s): the last try gets this long to report its real cause rather than being cut off at once.
   */
  readonly lastAttemptMs?: number;
  /** Told before each wait, to log it. */
  readonly onRetry?: (error: StartupError, delayMs: number, attempt: number) => void;
  /** For tests: the clock and the wait between attempts. */
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number): Promise<void> =>
  new Promise<void>((resolve) => {
    timers.setTimeout(resolve, ms);
  });

/**
 * Runs `attempt` until it succeeds, retrying transient `StartupError`s with exponential backoff until
 * `timeoutMs` has passed; anything else fails at once. Network not ready yet, a database still
 * starting, a throttled call: the process waits them out instead of dying, but never forever. An
 * attempt that hangs (a connection that neither succeeds nor fails) is abandoned at the deadline,
 * or `lastAttemptMs` after it, with an error naming the dependency.
 */
export async function waitForDependency<T>(attempt: () => Promise<T>, options: DependencyWaitOptions): Promise<T> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  const base = options.baseDelayMs ?? 250;
  const max = options.maxDelayMs ?? 5_000;
  const started = now();
  const deadline = started + options.timeoutMs;
  const hint = options.giveUpHint ? `; ${options.giveUpHint}` : '';

  for (let tries = 1; ; tries += 1) {
    let error: unknown;
    try {
      const patience = Math.max(deadline - now(), options.lastAttemptMs ?? 5_000);
      return await settleWithin(attempt(), patience, () => {
        const waited = seconds(now() - started);
        return new StartupError('unreachable', `${options.dependency} did not answer (waited ${waited} s)${hint}`, false);
      });
    } catch (caught) {
      error = caught;
    }
    if (!(error instanceof StartupError) || !error.transient) throw error;
    const left = deadline - now();
    if (left <= 0) {
      const message = `${error.message}; gave up after ${seconds(now() - started)} s${hint}`;
      throw new StartupError(error.problem, message, false, { cause: error });
    }
    const ceiling = Math.min(max, base * 2 ** (tries - 1));
    // Half fixed, half random: instances started together do not retry in lockstep.
    const delay = Math.min(left, Math.round(ceiling / 2 + (Math.random() * ceiling) / 2));
    options.onRetry?.(error, delay, tries);
    await sleep(delay);
  }
}

/** The attempt's outcome, or `timedOut()` if it is still pending after `ms` (it is left to finish on its own). */
function settleWithin<T>(attempt: Promise<T>, ms: number, timedOut: () => Error): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = timers.setTimeout(() => {
      reject(timedOut());
    }, ms);
    attempt.then(
      (value) => {
        timers.clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        timers.clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

function seconds(ms: number): string {
  return String(Math.round(ms / 100) / 10);
}
