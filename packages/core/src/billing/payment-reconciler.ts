import type { Logger } from '../kernel/logger.js';
import { timers } from '../kernel/timers.js';
import type { PaymentReconciliation, ReconcileStep } from './payment-reconciliation.js';

export type ReconcileReport = Readonly<Record<Exclude<ReconcileStep, 'none'> | 'conflicts', number>>;

/**
 * Runs the payment reconciliation every so often (in the worker): each round takes up to
 * `batchSize` due ledger entries, one at a time, until none is due. Safe with many workers — each
 * entry is taken by one of them (locked, others skip it).
 */
export class PaymentReconciler {
  #timer: unknown;
  #round: Promise<unknown> | undefined;

  constructor(
    private readonly reconciliation: PaymentReconciliation,
    private readonly logger: Logger,
    private readonly batchSize = 100,
  ) {}

  async runOnce(): Promise<ReconcileReport> {
    const report = { paid: 0, failed: 0, recorded: 0, refund_due: 0, unchanged: 0, refunded: 0, deferred: 0, conflicts: 0 };
    try {
      for (let taken = 0; taken < this.batchSize; taken += 1) {
        const step = await this.reconciliation.next();
        // Someone changed the invoice at the same moment; the entry stays due and is taken again.
        if (step.isErr()) report.conflicts += 1;
        else if (step.value === 'none') break;
        else report[step.value] += 1;
      }
    } catch (error) {
      this.logger.warn('payment reconciliation failed; it runs again on the next round', {
        error: error instanceof Error ? error.message : String(error),
      });
    }
    return report;
  }

  /** Reconciles every `intervalMs` until `stop()`. */
  start(intervalMs: number): void {
    if (this.#timer !== undefined) return;
    const schedule = (): unknown => {
      const handle = timers.setTimeout(() => {
        this.#round = this.runOnce().finally(() => {
          this.#round = undefined;
          if (this.#timer !== undefined) this.#timer = schedule();
        });
      }, intervalMs);
      (handle as { unref?: () => void }).unref?.();
      return handle;
    };
    this.#timer = schedule();
  }

  /** Stops the timer and waits for a round in flight, so no settlement is cut off mid-way. */
  async stop(): Promise<void> {
    if (this.#timer !== undefined) timers.clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#round;
  }
}
