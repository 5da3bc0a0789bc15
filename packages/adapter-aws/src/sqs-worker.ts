import type { SQSClient } from '@aws-sdk/client-sqs';
import type { EventHandler, Logger } from '@hexabill/core';
import { ConsumerSettingsError, validateConsumerSettings, type ConsumerSettings } from './consumer-settings.js';
import type { ProvisionedQueue } from './provision-topology.js';
import { SqsEventConsumer } from './sqs-event-consumer.js';

/** Settings that differ for some consumers, by consumer name (e.g. a higher `concurrency` for one that waits on a provider). */
export type ConsumerOverrides = Readonly<Record<string, Partial<ConsumerSettings>>>;

/** One consumer per handler, each on the queue provisioned for that handler, with its own in-flight limit. */
export class SqsWorker {
  readonly consumers: readonly SqsEventConsumer[];

  constructor(
    sqs: SQSClient,
    queues: readonly Pick<ProvisionedQueue, 'consumer' | 'queueUrl' | 'maxReceiveCount'>[],
    handlers: readonly EventHandler[],
    logger: Logger,
    settings: ConsumerSettings,
    overrides: ConsumerOverrides = {},
  ) {
    validateConsumerSettings(settings);
    const names = new Set(handlers.map((h) => h.subscription.consumer));
    const unknown = Object.keys(overrides).filter((name) => !names.has(name));
    if (unknown.length > 0) {
      throw new ConsumerSettingsError(unknown.map((name) => `settings are given for "${name}", which is not a consumer here`));
    }
    this.consumers = handlers.map((handler) => {
      const queue = queues.find((q) => q.consumer === handler.subscription.consumer);
      if (!queue) throw new Error(`No queue is provisioned for consumer "${handler.subscription.consumer}".`);
      return new SqsEventConsumer(sqs, queue, handler, logger, { ...settings, ...overrides[handler.subscription.consumer] });
    });
  }

  start(): void {
    for (const consumer of this.consumers) consumer.start();
  }

  /** Stops every consumer; in-flight messages finish first. */
  async stop(): Promise<void> {
    await Promise.all(this.consumers.map((c) => c.stop()));
  }
}
