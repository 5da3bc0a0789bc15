import { ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { EVENT_SUBSCRIPTIONS } from '@hexabill/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeadLetterQueues, defineTopology, provisionTopology, type ProvisionedQueue } from '../src/index.js';
import { drain, startEmulator, uniquePrefix, type Emulator } from './support/fauxqs.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator.stop();
});

const CONSUMER = 'billing.process-invoice-payment';

/** A queue whose messages dead-letter on their second receive, with two messages dead-lettered. */
async function withDeadLetters(): Promise<{ queue: ProvisionedQueue; dlq: DeadLetterQueues }> {
  const provisioned = await provisionTopology(
    emulator.clients,
    defineTopology(EVENT_SUBSCRIPTIONS, { prefix: uniquePrefix(), maxReceiveCount: 1 }),
  );
  const queue = provisioned.queues.find((q) => q.consumer === CONSUMER)!;
  const event = { event_id: '00000000-0000-7000-8000-00000000000a', event_type: 'invoice.payment_requested', aggregate_id: 'inv-1' };
  await emulator.clients.sqs.send(new SendMessageCommand({ QueueUrl: queue.queueUrl, MessageBody: JSON.stringify(event) }));
  await emulator.clients.sqs.send(new SendMessageCommand({ QueueUrl: queue.queueUrl, MessageBody: 'not json at all' }));
  // Received and never deleted (a handler that failed, a worker that died): gone to the DLQ on the next receive.
  for (let receive = 0; receive < 2; receive += 1) {
    await emulator.clients.sqs.send(new ReceiveMessageCommand({ QueueUrl: queue.queueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 0 }));
  }
  return { queue, dlq: new DeadLetterQueues(emulator.clients.sqs, provisioned.queues) };
}

describe('DeadLetterQueues', () => {
  it('counts the dead letters of every consumer', async () => {
    const { dlq } = await withDeadLetters();
    const counts = await dlq.counts();
    expect(counts.map((c) => [c.consumer, c.messages])).toEqual([
      [CONSUMER, 2],
      ['users.send-password-reset', 0],
      ['audit.user-events', 0],
      ['audit.invoice-events', 0],
    ]);
  });

  it('shows what the dead letters are without taking them away', async () => {
    const { dlq } = await withDeadLetters();
    const seen = await dlq.peek(CONSUMER);
    expect(seen.map((d) => d.eventType).sort()).toEqual(['invoice.payment_requested', null]);
    expect(seen.find((d) => d.eventType)?.aggregateId).toBe('inv-1');
    expect((await dlq.peek(CONSUMER)).map((d) => d.messageId).sort()).toEqual(seen.map((d) => d.messageId).sort());
  });

  it('redrives every dead letter back to the consumer’s queue, body intact', async () => {
    const { dlq, queue } = await withDeadLetters();
    expect(await dlq.redrive(CONSUMER)).toBe(2);
    expect((await dlq.counts())[0]).toMatchObject({ messages: 0, inFlight: 0 });
    const back = await drain(emulator.clients, queue.queueUrl);
    expect(back.map((m) => m.Body).sort()).toEqual(
      [
        JSON.stringify({
          event_id: '00000000-0000-7000-8000-00000000000a',
          event_type: 'invoice.payment_requested',
          aggregate_id: 'inv-1',
        }),
        'not json at all',
      ].sort(),
    );
    expect(await dlq.redrive(CONSUMER)).toBe(0);
  });

  it('names the consumers it knows when asked for another', async () => {
    const { dlq } = await withDeadLetters();
    await expect(dlq.redrive('nobody')).rejects.toThrow(/unknown consumer "nobody".*billing.process-invoice-payment/);
  });
});
