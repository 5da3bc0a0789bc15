import type { SQSClient } from '@aws-sdk/client-sqs';
import type { EventHandler, Logger } from '@hexabill/core';
import { validateConsumerSettings, type ConsumerSettings } from './consumer-settings.js';
import type { ProvisionedQueue } from './provision-topology.js';
import { SqsEventConsumer } from './sqs-event-consumer.js';

/** `pollers` consumers per handler, each on the queue provisioned for that handler. */
export class SqsWorker {
  readonly consumers: readonly SqsEventConsumer[];

  constructor(
    sqs: SQSClient,
    queues: readonly Pick<ProvisionedQueue, 'consumer' | 'queueUrl' | 'maxReceiveCount'>[],
    handlers: readonly EventHandler[],
    logger: Logger,
    settings: ConsumerSettings,
  ) {
    validateConsumerSettings(settings);
    const pollers = settings.pollers ?? 1;
    this.consumers = handlers.flatMap((handler) => {
      const queue = queues.find((q) => q.consumer === handler.subscription.consumer);
      if (!queue) throw new Error(`No queue is provisioned for consumer "${handler.subscription.consumer}".`);
      return Array.from({ length: pollers }, () => new SqsEventConsumer(sqs, queue, handler, logger, settings));
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
