import { DeleteMessageBatchCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';

const MAX_ENTRIES = 10;

/** While deletes keep coming (one sent less than `BUSY_MS` ago), each waits up to `lingerMs` for batch-mates. */
const BUSY_MS = 100;
export const DEFAULT_DELETE_LINGER_MS = 20;

interface Pending {
  readonly message: Message;
  readonly done: () => void;
}

/**
 * Deletes handled messages with as few calls as the load allows. On a quiet queue a delete goes at
 * once; while the queue is busy, a delete waits up to `lingerMs` for others, and ten waiting go at
 * once — one `DeleteMessageBatch` per ten messages instead of one per message or two. The wait costs
 * nothing but the message's place in the consumer's window for those milliseconds (the message stays
 * invisible for the whole visibility timeout anyway). A failed delete is reported, not thrown: the
 * message simply comes back and the inbox sees a duplicate.
 */
export class SqsBatchDeleter {
  #pending: Pending[] = [];
  #timer: NodeJS.Timeout | undefined;
  #lastSentAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
    private readonly onFailure: (message: Message, reason: string) => void,
    private readonly lingerMs = DEFAULT_DELETE_LINGER_MS,
  ) {}

  /** Resolves when SQS has answered for this message (deleted or not). */
  delete(message: Message): Promise<void> {
    return new Promise((resolve) => {
      this.#pending.push({ message, done: resolve });
      const busy = performance.now() - this.#lastSentAt < BUSY_MS;
      if (this.#pending.length >= MAX_ENTRIES || !busy || this.lingerMs === 0) this.#flush();
      else
        this.#timer ??= setTimeout(() => {
          this.#flush();
        }, this.lingerMs);
    });
  }

  #flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const round = this.#pending.splice(0);
    this.#lastSentAt = performance.now();
    for (let i = 0; i < round.length; i += MAX_ENTRIES) void this.#send(round.slice(i, i + MAX_ENTRIES));
  }

  async #send(entries: readonly Pending[]): Promise<void> {
    try {
      const answer = await this.sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: this.queueUrl,
          Entries: entries.map((entry, index) => ({ Id: String(index), ReceiptHandle: entry.message.ReceiptHandle })),
        }),
      );
      for (const failed of answer.Failed ?? []) {
        const entry = entries[Number(failed.Id)];
        if (entry) this.onFailure(entry.message, failed.Message ?? failed.Code ?? 'unknown');
      }
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      for (const entry of entries) this.onFailure(entry.message, reason);
    } finally {
      for (const entry of entries) entry.done();
    }
  }
}
