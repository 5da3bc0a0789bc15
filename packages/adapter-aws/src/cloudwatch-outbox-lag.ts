import type { Logger } from '@hexabill/core';

/** What the report reads: the outbox's unpublished rows and the age of the oldest. */
export interface OutboxLagSource {
  lag(): Promise<{ readonly unpublished: number; readonly oldestAgeSeconds: number }>;
}

/**
 * Reports the outbox lag as a CloudWatch embedded-metric-format log line (`Hexabill` namespace,
 * `OutboxOldestAgeSeconds` and `OutboxUnpublished`), which the CDK stack alarms on. CloudWatch Logs
 * turns the line into metrics; no CloudWatch API call is made.
 */
export class CloudWatchOutboxLagReport {
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly outbox: OutboxLagSource,
    private readonly logger: Logger,
    private readonly service = 'worker',
  ) {}

  async reportOnce(): Promise<void> {
    const lag = await this.outbox.lag();
    this.logger.info('outbox lag', {
      _aws: {
        Timestamp: Date.now(),
        CloudWatchMetrics: [
          {
            Namespace: 'Hexabill',
            Dimensions: [['Service']],
            Metrics: [
              { Name: 'OutboxOldestAgeSeconds', Unit: 'Seconds' },
              { Name: 'OutboxUnpublished', Unit: 'Count' },
            ],
          },
        ],
      },
      Service: this.service,
      OutboxOldestAgeSeconds: lag.oldestAgeSeconds,
      OutboxUnpublished: lag.unpublished,
    });
  }

  /** Reports every `intervalMs` until `stop()`; a failed read is skipped, the next one tried. */
  start(intervalMs = 60_000): void {
    this.#timer ??= setInterval(() => {
      this.reportOnce().catch(() => undefined);
    }, intervalMs).unref();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
