import type { CloudWatchOutboxLagReport, SqsWorker } from '@hexabill/adapter-aws';
import type { Housekeeping, Logger, OutboxRelay, PaymentReconciler } from '@hexabill/core';
import type { MetricsEndpoint } from './metrics-endpoint.js';

export interface WorkerSettings {
  readonly housekeepingIntervalMs: number;
  readonly lagReportIntervalMs: number;
  readonly reconcileIntervalMs: number;
}

/** The SQS consumers, the outbox relay, the payment reconciler, housekeeping and the outbox-lag report. */
export class Worker {
  constructor(
    readonly consumers: SqsWorker,
    readonly relay: OutboxRelay,
    private readonly housekeeping: Housekeeping,
    private readonly reconciler: PaymentReconciler,
    private readonly lagReport: CloudWatchOutboxLagReport,
    private readonly metrics: MetricsEndpoint,
    private readonly logger: Logger,
    private readonly settings: WorkerSettings,
  ) {}

  async start(): Promise<{ metricsUrl: string }> {
    this.consumers.start();
    this.relay.start();
    this.reconciler.start(this.settings.reconcileIntervalMs);
    this.housekeeping.start(this.settings.housekeepingIntervalMs);
    this.lagReport.start(this.settings.lagReportIntervalMs);
    const metricsUrl = await this.metrics.start();
    this.logger.info('worker started', {
      consumers: this.consumers.consumers.map((c) => c.consumer),
      concurrency: Object.fromEntries(this.consumers.consumers.map((c) => [c.consumer, c.concurrency])),
      metrics_url: metricsUrl,
    });
    return { metricsUrl };
  }

  /** Stops polling and lets messages in flight finish (and be deleted), then stops the relay and the timers. */
  async stop(): Promise<void> {
    this.housekeeping.stop();
    this.lagReport.stop();
    await this.consumers.stop();
    await this.reconciler.stop();
    await this.relay.stop();
  }
}
