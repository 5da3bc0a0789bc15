import type { Clock } from '../kernel/clock.js';
import { isDependencyUnavailable } from '../kernel/dependency-unavailable.js';
import type { Logger } from '../kernel/logger.js';
import type { MessagePublisher, OutboxStore } from './outbox.js';
import { timers } from '../kernel/timers.js';

export interface OutboxRelayOptions {
  /** Rows claimed per round. */
  readonly batchSize: number;
  /** How long a claim lasts before another relay may take the rows over. */
  readonly leaseMs: number;
  /**
   * First retry delay after a failed publish; the ceiling doubles per attempt up to `maxBackoffMs`,
   * and each delay is drawn between half the ceiling and the ceiling (jitter).
   */
  readonly baseBackoffMs: number;
  readonly maxBackoffMs: number;
  /** Longest sleep between rounds when nothing wakes the relay earlier. */
  readonly idleWaitMs: number;
}

export const DEFAULT_RELAY_OPTIONS: OutboxRelayOptions = {
  batchSize: 100,
  leaseMs: 30_000,
  baseBackoffMs: 1_000,
  maxBackoffMs: 5 * 60_000,
  idleWaitMs: 1_000,
};

export interface RelayRound {
  readonly claimed: number;
  readonly published: number;
  readonly failed: number;
}

/**
 * How long to wait before the `attempts`+1-th try: exponential up to a ceiling, with "equal jitter"
 * — half of it fixed, half random — so rows that failed together (a broker outage fails whole
 * batches) are not retried together, while each still waits at least half its step.
 */
export function backoffDelay(
  attempts: number,
  options: Pick<OutboxRelayOptions, 'baseBackoffMs' | 'maxBackoffMs'>,
  random: () => number = Math.random,
): number {
  const exponent = Math.min(Math.max(attempts - 1, 0), 30);
  const ceiling = Math.min(options.maxBackoffMs, options.baseBackoffMs * 2 ** exponent);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/**
 * Moves events from the outbox to the broker: claim a batch, publish it, mark what was published,
 * and schedule a retry with jittered exponential backoff for what was not. Delivery is at least once;
 * consumers deduplicate through their inbox.
 */
export class OutboxRelay {
  readonly #options: OutboxRelayOptions;
  #running: Promise<void> | undefined;
  #stopping = false;
  #wake: (() => void) | undefined;
  /** Set by a wake-up that arrives while a round runs, so the loop does not then sleep through it. */
  #signalled = false;

  constructor(
    private readonly store: OutboxStore,
    private readonly publisher: MessagePublisher,
    private readonly clock: Clock,
    private readonly logger: Logger,
    options: Partial<OutboxRelayOptions> = {},
  ) {
    this.#options = { ...DEFAULT_RELAY_OPTIONS, ...options };
  }

  /** One claim-publish-mark round. */
  async relayOnce(): Promise<RelayRound> {
    const batch = await this.store.claimBatch(this.#options.batchSize, this.#options.leaseMs);
    if (batch.length === 0) return { claimed: 0, published: 0, failed: 0 };

    let failures: readonly { id: string; error: string }[];
    try {
      failures = (await this.publisher.publish(batch)).failed;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      failures = batch.map((m) => ({ id: m.id, error: message }));
    }

    const failedIds = new Set(failures.map((f) => f.id));
    const publishedIds = batch.filter((m) => !failedIds.has(m.id)).map((m) => m.id);
    if (publishedIds.length > 0) await this.store.markPublished(publishedIds);

    const attemptsById = new Map(batch.map((m) => [m.id, m.attempts]));
    for (const failure of failures) {
      const attempts = attemptsById.get(failure.id) ?? 1;
      const retryAt = new Date(this.clock.now().getTime() + backoffDelay(attempts, this.#options));
      await this.store.markFailed(failure.id, failure.error, retryAt);
      this.logger.warn('outbox publish failed; will retry', {
        outbox_id: failure.id,
        attempts,
        retry_at: retryAt.toISOString(),
        error: failure.error,
      });
    }
    return { claimed: batch.length, published: publishedIds.length, failed: failures.length };
  }

  /** Relays until `stop()`: straight on while batches come back full, else sleeps until woken. */
  start(): void {
    if (this.#running) return;
    this.#stopping = false;
    const unsubscribe = this.store.onAppended?.(() => {
      this.#signalled = true;
      this.#wake?.();
    });
    this.#running = this.#loop().finally(() => {
      unsubscribe?.();
      this.#running = undefined;
    });
  }

  /** Finishes the round in flight, then resolves. */
  async stop(): Promise<void> {
    this.#stopping = true;
    this.#wake?.();
    await this.#running;
  }

  get isRunning(): boolean {
    return this.#running !== undefined;
  }

  async #loop(): Promise<void> {
    while (!this.#stopping) {
      this.#signalled = false;
      let claimed = 0;
      try {
        claimed = (await this.relayOnce()).claimed;
      } catch (error) {
        const fields = { error: error instanceof Error ? error.message : String(error) };
        // An outage is reported once by the adapter that saw it; the relay just tries again.
        if (isDependencyUnavailable(error)) this.logger.debug('outbox relay round failed; a dependency is unavailable', fields);
        else this.logger.error('outbox relay round failed', fields);
      }
      if (claimed < this.#options.batchSize) await this.#sleep(this.#options.idleWaitMs);
    }
  }

  #sleep(ms: number): Promise<void> {
    if (this.#stopping || this.#signalled) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = timers.setTimeout(done, ms);
      function done(): void {
        timers.clearTimeout(timer);
        resolve();
      }
      this.#wake = done;
    });
  }
}
