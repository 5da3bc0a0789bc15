import type { Message, SQSClient } from '@aws-sdk/client-sqs';
import type { EventHandler, HexabillEnvelope, Logger } from '@hexabill/core';
import { Consumer } from 'sqs-consumer';
import { validateConsumerSettings, type ConsumerSettings } from './consumer-settings.js';
import { readEventFromBody } from './message-body.js';

export interface ConsumerQueue {
  readonly queueUrl: string;
  /** The queue's redrive `maxReceiveCount`: the handler's last try is that delivery. */
  readonly maxReceiveCount: number;
}

/** A type alias (not an interface), so it reads as a plain record of counts where one is expected. */
export type ConsumerCounters = {
  handled: number;
  duplicate: number;
  ignored: number;
  failed: number;
  rejected: number;
};

/**
 * Feeds one queue to one core event handler with sqs-consumer. Each body is parsed and validated
 * against the event catalogue once, here; the handler gets only the event types its subscription
 * lists. Deletes only the messages handled successfully; a failing handler's message returns after its visibility timeout and, after
 * `maxReceiveCount` deliveries, lands in the dead-letter queue. A body that is not a valid event is
 * logged with its message id and left for the dead-letter queue too — it never stops the worker or
 * its batch-mates. Within a batch, messages of one aggregate are handled in order; different
 * aggregates run concurrently.
 */
export class SqsEventConsumer {
  readonly counters: ConsumerCounters = { handled: 0, duplicate: 0, ignored: 0, failed: 0, rejected: 0 };
  readonly #consumer: Consumer;
  #inFlight = 0;
  #running = false;

  constructor(
    sqs: SQSClient,
    private readonly queue: ConsumerQueue,
    private readonly handler: EventHandler,
    private readonly logger: Logger,
    settings: ConsumerSettings,
  ) {
    validateConsumerSettings(settings);
    this.#consumer = Consumer.create({
      queueUrl: queue.queueUrl,
      sqs,
      batchSize: settings.batchSize,
      waitTimeSeconds: settings.waitTimeSeconds,
      visibilityTimeout: settings.visibilityTimeoutSeconds,
      heartbeatInterval: settings.heartbeatIntervalSeconds,
      pollingCompleteWaitTimeMs: settings.stopTimeoutMs,
      messageSystemAttributeNames: ['ApproximateReceiveCount'],
      messageAttributeNames: ['All'],
      handleMessageBatch: (messages) => this.handleBatch(messages),
      suppressFifoWarning: true,
    });
    this.#consumer.on('error', (error) => {
      // Cutting an idle long poll short on stop is expected, not an error.
      if (!this.#running) return;
      this.logger.error('sqs consumer error', { consumer: handler.subscription.consumer, error: error.message });
    });
    this.#consumer.on('processing_error', (error, message) => {
      this.logger.error('sqs batch processing error', {
        consumer: handler.subscription.consumer,
        message_id: message.MessageId,
        error: error.message,
      });
    });
  }

  get consumer(): string {
    return this.handler.subscription.consumer;
  }

  get isRunning(): boolean {
    return this.#running;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#consumer.start();
  }

  /**
   * Stops polling. Messages being handled finish and are deleted (within `stopTimeoutMs`); an idle
   * long poll is cut short.
   */
  async stop(): Promise<void> {
    if (!this.#running) return;
    this.#running = false;
    // Not events.once: it would reject on the 'error' an aborted long poll emits.
    const stopped = new Promise<void>((resolve) =>
      this.#consumer.once('stopped', () => {
        resolve();
      }),
    );
    this.#consumer.stop({ abort: this.#inFlight === 0 });
    await stopped;
  }

  /** Returns the messages to delete: those whose handler succeeded. */
  private async handleBatch(messages: Message[]): Promise<Message[]> {
    this.#inFlight += messages.length;
    try {
      const byAggregate = new Map<string, { message: Message; event: HexabillEnvelope }[]>();
      const ignored: Message[] = [];
      for (const message of messages) {
        const event = readEventFromBody(message.Body);
        if (event.isErr()) {
          this.counters.rejected += 1;
          this.logger.warn('rejected a message that is not a valid event; it will go to the dead-letter queue', {
            consumer: this.handler.subscription.consumer,
            message_id: message.MessageId,
            reason: event.error,
          });
          continue;
        }
        if (!this.handler.subscription.eventTypes.includes(event.value.event_type)) {
          // Not this consumer's: a filter policy wider than the subscription. Nothing to do; delete it.
          this.counters.ignored += 1;
          ignored.push(message);
          continue;
        }
        const key = `${event.value.aggregate_type}:${event.value.aggregate_id}`;
        byAggregate.set(key, [...(byAggregate.get(key) ?? []), { message, event: event.value }]);
      }
      const done = await Promise.all(
        [...byAggregate.values()].map(async (group) => {
          const succeeded: Message[] = [];
          for (const { message, event } of group) if (await this.handleOne(message, event)) succeeded.push(message);
          return succeeded;
        }),
      );
      return [...ignored, ...done.flat()];
    } finally {
      this.#inFlight -= messages.length;
    }
  }

  private async handleOne(message: Message, event: HexabillEnvelope): Promise<boolean> {
    const attempt = Number(message.Attributes?.ApproximateReceiveCount ?? '1');
    const fields = {
      consumer: this.handler.subscription.consumer,
      message_id: message.MessageId,
      event_id: event.event_id,
      event_type: event.event_type,
      correlation_id: event.correlation_id,
      delivery_attempt: attempt,
    };
    try {
      const result = await this.handler.handle(event, { attempt, maxAttempts: this.queue.maxReceiveCount });
      if (result.isOk()) {
        this.counters[result.value] += 1;
        this.logger.info(`event ${result.value}`, { ...fields, outcome: result.value });
        return true;
      }
      this.counters.failed += 1;
      this.logger.warn('event handler failed; the message will be redelivered', {
        ...fields,
        code: result.error.code,
        error: result.error.message,
      });
      return false;
    } catch (error) {
      this.counters.failed += 1;
      this.logger.error('event handler threw; the message will be redelivered', {
        ...fields,
        error: error instanceof Error ? error.message : String(error),
      });
      return false;
    }
  }
}
