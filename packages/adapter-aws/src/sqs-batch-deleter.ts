import { DeleteMessageBatchCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';

const MAX_ENTRIES = 10;

interface Pending {
  readonly message: Message;
  readonly done: () => void;
}

/**
 * Deletes handled messages as soon as each is done, with as few calls as the load allows: the first
 * goes at once; those that finish while a round of deletes is under way go together in the next round,
 * up to ten per `DeleteMessageBatch`. So a quiet queue pays no delay and a busy one one call per ten.
 * A failed delete is reported, not thrown: the message simply comes back and the inbox sees a duplicate.
 */
export class SqsBatchDeleter {
  #pending: Pending[] = [];
  #sending = false;

  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
    private readonly onFailure: (message: Message, reason: string) => void,
  ) {}

  /** Resolves when SQS has answered for this message (deleted or not). */
  delete(message: Message): Promise<void> {
    return new Promise((resolve) => {
      this.#pending.push({ message, done: resolve });
      void this.#pump();
    });
  }

  async #pump(): Promise<void> {
    if (this.#sending) return;
    this.#sending = true;
    try {
      while (this.#pending.length > 0) {
        const round = this.#pending.splice(0);
        const calls: Promise<void>[] = [];
        for (let i = 0; i < round.length; i += MAX_ENTRIES) calls.push(this.#send(round.slice(i, i + MAX_ENTRIES)));
        await Promise.all(calls);
      }
    } finally {
      this.#sending = false;
    }
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
