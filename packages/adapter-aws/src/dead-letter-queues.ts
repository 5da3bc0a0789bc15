import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  type Message,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { ProvisionedQueue } from './provision-topology.js';

type DeadLetterQueue = Pick<ProvisionedQueue, 'consumer' | 'queueUrl' | 'deadLetterQueueUrl'>;

export interface DeadLetterCount {
  readonly consumer: string;
  readonly deadLetterQueueUrl: string;
  /** SQS's approximate count of messages waiting in the dead-letter queue. */
  readonly messages: number;
  /** Received by someone (a redrive, a peek) and not yet visible again. */
  readonly inFlight: number;
}

/** What a dead-lettered message is, as far as its body tells. */
export interface DeadLetter {
  readonly messageId: string;
  readonly eventType: string | null;
  readonly eventId: string | null;
  readonly aggregateId: string | null;
  /** How often it was received, in its queue and here. */
  readonly receiveCount: number;
}

/** A redrive hides each message it takes this long, so a redrive that dies leaves nothing lost. */
const REDRIVE_VISIBILITY_SECONDS = 60;

function describe(message: Message): DeadLetter {
  let envelope: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(message.Body ?? '');
    if (typeof parsed === 'object' && parsed !== null) envelope = parsed as Record<string, unknown>;
  } catch {
    // Not JSON (a poison message): described by its id only.
  }
  const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
  return {
    messageId: message.MessageId ?? '',
    eventType: text(envelope.event_type),
    eventId: text(envelope.event_id),
    aggregateId: text(envelope.aggregate_id),
    receiveCount: Number(message.Attributes?.ApproximateReceiveCount ?? 0),
  };
}

/**
 * The consumers' dead-letter queues, for operators: how many messages each holds, what they are, and
 * a redrive that moves them back to the consumer's queue. The redrive copies each message (body and
 * attributes) to the source queue and deletes it from the dead-letter queue only once the copy is
 * sent — a message may be delivered twice, never lost; handlers are idempotent.
 */
export class DeadLetterQueues {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queues: readonly DeadLetterQueue[],
  ) {}

  get consumers(): string[] {
    return this.queues.map((q) => q.consumer);
  }

  async counts(): Promise<DeadLetterCount[]> {
    return Promise.all(
      this.queues.map(async (queue) => {
        const { Attributes } = await this.sqs.send(
          new GetQueueAttributesCommand({
            QueueUrl: queue.deadLetterQueueUrl,
            AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
          }),
        );
        return {
          consumer: queue.consumer,
          deadLetterQueueUrl: queue.deadLetterQueueUrl,
          messages: Number(Attributes?.ApproximateNumberOfMessages ?? 0),
          inFlight: Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0),
        };
      }),
    );
  }

  /**
   * Up to `max` (≤ 10) of the consumer's dead letters, left where they are: received with a visibility
   * timeout of 0, so they are visible again at once (their receive count goes up by one).
   */
  async peek(consumer: string, max = 10): Promise<DeadLetter[]> {
    const queue = this.#queueOf(consumer);
    const { Messages } = await this.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queue.deadLetterQueueUrl,
        MaxNumberOfMessages: Math.min(Math.max(max, 1), 10),
        VisibilityTimeout: 0,
        WaitTimeSeconds: 0,
        MessageSystemAttributeNames: ['ApproximateReceiveCount'],
      }),
    );
    return (Messages ?? []).map(describe);
  }

  /** Moves every message of the consumer's dead-letter queue back to its queue; returns how many moved. */
  async redrive(consumer: string): Promise<number> {
    const queue = this.#queueOf(consumer);
    let moved = 0;
    for (;;) {
      const { Messages = [] } = await this.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queue.deadLetterQueueUrl,
          MaxNumberOfMessages: 10,
          VisibilityTimeout: REDRIVE_VISIBILITY_SECONDS,
          // Long enough that real SQS's sampled short polls do not end the redrive early.
          WaitTimeSeconds: 1,
          MessageAttributeNames: ['All'],
        }),
      );
      if (Messages.length === 0) return moved;
      const sent = await this.sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: queue.queueUrl,
          Entries: Messages.map((message, index) => ({
            Id: String(index),
            MessageBody: message.Body ?? '',
            ...(message.MessageAttributes ? { MessageAttributes: message.MessageAttributes } : {}),
          })),
        }),
      );
      const copied = new Set((sent.Successful ?? []).map((entry) => Number(entry.Id)));
      const handles = Messages.filter((_, index) => copied.has(index)).map((m, index) => ({
        Id: String(index),
        ReceiptHandle: m.ReceiptHandle,
      }));
      if (handles.length > 0) await this.sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queue.deadLetterQueueUrl, Entries: handles }));
      moved += handles.length;
      if (handles.length < Messages.length) {
        const failed = (sent.Failed ?? []).map((f) => f.Message ?? f.Code).join('; ');
        throw new Error(`redrive of ${consumer} stopped after ${String(moved)}: SQS refused some copies (${failed})`);
      }
    }
  }

  #queueOf(consumer: string): DeadLetterQueue {
    const queue = this.queues.find((q) => q.consumer === consumer);
    if (!queue) throw new Error(`unknown consumer "${consumer}"; the consumers are: ${this.consumers.join(', ')}`);
    return queue;
  }
}
