import { ChangeMessageVisibilityCommand, ReceiveMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import type { EventHandler, HexabillEnvelope, Logger } from '@hexabill/core';
import { validateConsumerSettings, type ConsumerSettings } from './consumer-settings.js';
import { InFlightWindow } from './in-flight-window.js';
import { readEventFromBody } from './message-body.js';
import { PerKeySerializer } from './per-key-serializer.js';
import { SqsBatchDeleter } from './sqs-batch-deleter.js';
import { inConsumerSpan } from './trace-context.js';
import { SpanStatusCode } from '@opentelemetry/api';

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

/** After a failed receive, wait this long before the next, doubling up to the most. */
const RECEIVE_RETRY_FIRST_MS = 500;
const RECEIVE_RETRY_MOST_MS = 20_000;

/**
 * Feeds one queue to one core event handler, keeping up to `concurrency` messages in flight.
 *
 * Receive loops ask SQS for as many messages as there are free places (at most ten per call) and
 * hand each to the handler on its own: a message is deleted as soon as its own handler succeeds, its
 * visibility is extended every `heartbeatIntervalSeconds` while it runs, and its place is refilled at
 * once — a slow or hanging message holds one place, never its batch-mates or the next receive.
 * (sqs-consumer, used before, receives the next batch only after the slowest message of the last one
 * is done, so it could not keep a window full; see the README.)
 *
 * Each body is parsed and validated against the event catalogue once, here; the handler gets only the
 * event types its subscription lists. A failing handler's message returns after its visibility timeout
 * and, after `maxReceiveCount` deliveries, lands in the dead-letter queue. A body that is not a valid
 * event is logged with its message id and left for the dead-letter queue too — it never stops the
 * worker or other messages. Messages of one aggregate are handled one after another in the order
 * received; different aggregates concurrently.
 */
export class SqsEventConsumer {
  readonly counters: ConsumerCounters = { handled: 0, duplicate: 0, ignored: 0, failed: 0, rejected: 0 };
  readonly #settings: ConsumerSettings;
  readonly #window: InFlightWindow;
  readonly #byAggregate = new PerKeySerializer();
  readonly #deleter: SqsBatchDeleter;
  readonly #heartbeats = new Set<NodeJS.Timeout>();
  #running = false;
  #receiving = new AbortController();
  #loops: Promise<void>[] = [];
  #stopRequested: () => void = () => undefined;
  #stopped: Promise<void> = Promise.resolve();

  constructor(
    private readonly sqs: SQSClient,
    private readonly queue: ConsumerQueue,
    private readonly handler: EventHandler,
    private readonly logger: Logger,
    settings: ConsumerSettings,
  ) {
    this.#settings = validateConsumerSettings(settings);
    this.#window = new InFlightWindow(settings.concurrency);
    this.#deleter = new SqsBatchDeleter(sqs, queue.queueUrl, (message, reason) => {
      this.logger.warn('could not delete a handled message; it will be delivered again and found in the inbox', {
        consumer: this.consumer,
        message_id: message.MessageId,
        error: reason,
      });
    });
  }

  get consumer(): string {
    return this.handler.subscription.consumer;
  }

  get isRunning(): boolean {
    return this.#running;
  }

  /** The in-flight limit. */
  get concurrency(): number {
    return this.#window.limit;
  }

  /** Messages being handled now. */
  get inFlight(): number {
    return this.#window.inFlight;
  }

  /** The most messages handled at once since this consumer was made. */
  get peakInFlight(): number {
    return this.#window.peak;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#receiving = new AbortController();
    this.#stopped = new Promise((resolve) => (this.#stopRequested = resolve));
    this.#window.open();
    const signal = this.#receiving.signal;
    this.#loops = Array.from({ length: this.#settings.pollers ?? 1 }, () => this.#receiveLoop(signal));
  }

  /**
   * Stops receiving (a long poll under way is cut short; whatever it had fetched returns after its
   * visibility timeout). Messages in flight finish and are deleted, within `stopTimeoutMs`; any still
   * running then are left to come back after their visibility timeout.
   */
  async stop(): Promise<void> {
    if (!this.#running) return;
    this.#running = false;
    this.#window.close();
    this.#stopRequested();
    this.#receiving.abort();
    await Promise.all(this.#loops);
    let timer: NodeJS.Timeout | undefined;
    const drained = await Promise.race([
      this.#window.idle().then(() => true),
      new Promise<false>((resolve) => {
        timer = setTimeout(() => {
          resolve(false);
        }, this.#settings.stopTimeoutMs);
      }),
    ]);
    clearTimeout(timer);
    if (!drained) {
      this.logger.warn('stop timeout reached; unfinished messages will be delivered again after their visibility timeout', {
        consumer: this.consumer,
        in_flight: this.#window.inFlight,
      });
      for (const heartbeat of this.#heartbeats) clearInterval(heartbeat);
      this.#heartbeats.clear();
    }
  }

  async #receiveLoop(signal: AbortSignal): Promise<void> {
    let retryMs = 0;
    for (;;) {
      const places = await this.#window.reserve(this.#settings.batchSize);
      if (places === 0) return;
      let messages: Message[] = [];
      try {
        const answer = await this.sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: this.queue.queueUrl,
            MaxNumberOfMessages: places,
            WaitTimeSeconds: this.#settings.waitTimeSeconds,
            VisibilityTimeout: this.#settings.visibilityTimeoutSeconds,
            MessageSystemAttributeNames: ['ApproximateReceiveCount'],
            MessageAttributeNames: ['All'],
          }),
          { abortSignal: signal },
        );
        messages = answer.Messages ?? [];
        retryMs = 0;
      } catch (error) {
        // A long poll cut short by stop() is expected, not an error.
        if (this.#running) {
          retryMs = Math.min(Math.max(retryMs * 2, RECEIVE_RETRY_FIRST_MS), RECEIVE_RETRY_MOST_MS);
          this.logger.error('sqs receive failed; retrying', {
            consumer: this.consumer,
            error: error instanceof Error ? error.message : String(error),
            retry_in_ms: retryMs,
          });
        }
      }
      this.#window.settle(places, messages.length);
      for (const message of messages) void this.#dispatch(message);
      if (retryMs > 0) await this.#pause(retryMs);
    }
  }

  /** Waits `ms`, or less if stop() is called meanwhile. */
  async #pause(ms: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.#stopped, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
    clearTimeout(timer);
  }

  /** One message from receipt to deletion; its place in the window is freed at the end, whatever happens. */
  async #dispatch(message: Message): Promise<void> {
    const heartbeat = setInterval(() => void this.#extendVisibility(message), this.#settings.heartbeatIntervalSeconds * 1000);
    this.#heartbeats.add(heartbeat);
    try {
      const done = await this.#route(message);
      clearInterval(heartbeat);
      this.#heartbeats.delete(heartbeat);
      if (done) await this.#deleter.delete(message);
    } finally {
      clearInterval(heartbeat);
      this.#heartbeats.delete(heartbeat);
      this.#window.release();
    }
  }

  /** Whether the message is done with (to delete): handled, or not this consumer's. */
  #route(message: Message): Promise<boolean> {
    const event = readEventFromBody(message.Body);
    if (event.isErr()) {
      this.counters.rejected += 1;
      this.logger.warn('rejected a message that is not a valid event; it will go to the dead-letter queue', {
        consumer: this.consumer,
        message_id: message.MessageId,
        reason: event.error,
      });
      return Promise.resolve(false);
    }
    if (!this.handler.subscription.eventTypes.includes(event.value.event_type)) {
      // Not this consumer's: a filter policy wider than the subscription. Nothing to do; delete it.
      this.counters.ignored += 1;
      return Promise.resolve(true);
    }
    const { aggregate_type: type, aggregate_id: id } = event.value;
    return this.#byAggregate.run(`${type}:${id}`, () => this.#handle(message, event.value));
  }

  async #extendVisibility(message: Message): Promise<void> {
    try {
      await this.sqs.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: this.queue.queueUrl,
          ReceiptHandle: message.ReceiptHandle,
          VisibilityTimeout: this.#settings.visibilityTimeoutSeconds,
        }),
      );
    } catch (error) {
      this.logger.warn('could not extend a message’s visibility; another worker may receive it too', {
        consumer: this.consumer,
        message_id: message.MessageId,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }

  /** Never throws: `true` when the handler succeeded. */
  async #handle(message: Message, event: HexabillEnvelope): Promise<boolean> {
    const attempt = Number(message.Attributes?.ApproximateReceiveCount ?? '1');
    const fields = {
      consumer: this.consumer,
      message_id: message.MessageId,
      event_id: event.event_id,
      event_type: event.event_type,
      correlation_id: event.correlation_id,
      delivery_attempt: attempt,
    };
    try {
      const result = await inConsumerSpan(
        message,
        this.consumer,
        { 'hexabill.event_type': event.event_type, 'hexabill.event_id': event.event_id, 'hexabill.delivery_attempt': attempt },
        async (span) => {
          const handled = await this.handler.handle(event, { attempt, maxAttempts: this.queue.maxReceiveCount });
          span.setAttribute('hexabill.outcome', handled.isOk() ? handled.value : handled.error.code);
          if (handled.isErr()) span.setStatus({ code: SpanStatusCode.ERROR, message: handled.error.code });
          return handled;
        },
      );
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
