import type { DeleteMessageBatchCommand, Message, SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { SqsBatchDeleter } from '../src/sqs-batch-deleter.js';

/** An SQS client that records each DeleteMessageBatch and answers after `delayMs`, failing the ids asked for. */
function recordingSqs(delayMs = 1, failIds: readonly string[] = []): { client: SQSClient; calls: string[][] } {
  const calls: string[][] = [];
  const client = {
    send: async (command: DeleteMessageBatchCommand) => {
      const handles = (command.input.Entries ?? []).map((e) => e.ReceiptHandle ?? '');
      calls.push(handles);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      const entries = command.input.Entries ?? [];
      return {
        Successful: entries.filter((e) => !failIds.includes(e.ReceiptHandle ?? '')).map((e) => ({ Id: e.Id })),
        Failed: entries.filter((e) => failIds.includes(e.ReceiptHandle ?? '')).map((e) => ({ Id: e.Id, Code: 'ReceiptHandleIsInvalid' })),
      };
    },
  } as unknown as SQSClient;
  return { client, calls };
}

const message = (n: number): Message => ({ MessageId: `m${String(n)}`, ReceiptHandle: `r${String(n)}` });

describe('SqsBatchDeleter', () => {
  it('deletes at once on a quiet queue', async () => {
    const sqs = recordingSqs();
    const deleter = new SqsBatchDeleter(sqs.client, 'q', () => undefined, 1_000);
    const started = performance.now();
    await deleter.delete(message(1));
    expect(performance.now() - started).toBeLessThan(500);
    expect(sqs.calls).toEqual([['r1']]);
  });

  it('while busy, gathers deletes into batches of up to ten, and answers each message', async () => {
    const sqs = recordingSqs();
    const deleter = new SqsBatchDeleter(sqs.client, 'q', () => undefined, 20);
    await deleter.delete(message(0));
    // 25 more arrive one at a time, a millisecond apart, as handlers finish.
    const done: Promise<void>[] = [];
    for (let n = 1; n <= 25; n += 1) {
      done.push(deleter.delete(message(n)));
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    await Promise.all(done);
    const later = sqs.calls.slice(1);
    expect(later.flat().sort()).toEqual(Array.from({ length: 25 }, (_, i) => `r${String(i + 1)}`).sort());
    expect(later.every((call) => call.length <= 10)).toBe(true);
    expect(later.length).toBeLessThanOrEqual(5);
  });

  it('reports the messages SQS did not delete, and those of a call that failed whole, without throwing', async () => {
    const failures: string[] = [];
    const sqs = recordingSqs(1, ['r2']);
    const deleter = new SqsBatchDeleter(sqs.client, 'q', (m, reason) => failures.push(`${m.MessageId ?? ''}: ${reason}`), 0);
    await Promise.all([deleter.delete(message(1)), deleter.delete(message(2))]);
    expect(failures).toEqual(['m2: ReceiptHandleIsInvalid']);

    const broken = { send: () => Promise.reject(new Error('connection reset')) } as unknown as SQSClient;
    const failing = new SqsBatchDeleter(broken, 'q', (m, reason) => failures.push(`${m.MessageId ?? ''}: ${reason}`));
    await failing.delete(message(3));
    expect(failures.at(-1)).toBe('m3: connection reset');
  });
});
