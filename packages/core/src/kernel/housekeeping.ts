import type { Logger } from './logger.js';
import { timers } from './timers.js';

/**
 * Port: deletes data whose time is up — expired idempotency keys, finished rate-limit windows,
 * old outbox and inbox rows. Every such clean-up has this one shape, so one runner serves them all.
 */
export interface Sweeper {
  /** Names the data in logs and metrics, e.g. `idempotency_keys`. */
  readonly name: string;
  /** Deletes what expired before `now`; returns how many rows went. */
  sweep(now: Date): Promise<number>;
}

export type SweepReport = Readonly<Record<string, number>>;

/** Runs every sweeper now and then (and on demand); a failing sweeper is logged and does not stop the others. */
export class Housekeeping {
  #timer: unknown;

  constructor(
    private readonly sweepers: readonly Sweeper[],
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
    private readonly onSwept?: (name: string, rows: number) => void,
  ) {}

  async runOnce(): Promise<SweepReport> {
    const report: Record<string, number> = {};
    for (const sweeper of this.sweepers) {
      try {
        report[sweeper.name] = await sweeper.sweep(this.now());
        this.onSwept?.(sweeper.name, report[sweeper.name] ?? 0);
      } catch (error) {
        this.logger.warn('housekeeping failed', { sweeper: sweeper.name, error: error instanceof Error ? error.message : String(error) });
      }
    }
    return report;
  }

  /** Sweeps every `intervalMs` until `stop()`. */
  start(intervalMs: number): void {
    if (this.#timer !== undefined) return;
    const tick = (): void => {
      void this.runOnce().finally(() => {
        if (this.#timer !== undefined) this.#timer = schedule();
      });
    };
    const schedule = (): unknown => {
      const handle = timers.setTimeout(tick, intervalMs);
      (handle as { unref?: () => void }).unref?.();
      return handle;
    };
    this.#timer = schedule();
  }

  stop(): void {
    if (this.#timer !== undefined) timers.clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
