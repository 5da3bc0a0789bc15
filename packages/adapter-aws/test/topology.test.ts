import { EVENT_SUBSCRIPTIONS, type EventEnvelope } from '@hexabill/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineTopology, filterPolicyOf, provisionTopology, SnsMessagePublisher } from '../src/index.js';
import { drain, startEmulator, uniquePrefix, type Emulator } from './support/fauxqs.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator.stop();
});

const consumers = EVENT_SUBSCRIPTIONS;

function envelope(type: string, n: number): EventEnvelope {
  return {
    event_id: `00000000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`,
    event_type: type,
    event_version: 1,
    aggregate_type: type.split('.')[0] ?? 'x',
    aggregate_id: `agg-${n}`,
    occurred_at: '2026-01-01T00:00:00.000Z',
    correlation_id: `corr-${n}`,
    causation_id: null,
    payload: {},
  };
}

describe('defineTopology', () => {
  it('derives every name from the prefix: one topic, a queue and a dead-letter queue per consumer', () => {
    const topology = defineTopology(consumers, { prefix: 'dev', maxReceiveCount: 3 });
    expect(topology.topicName).toBe('dev-events');
    expect(topology.queues.map((q) => [q.queueName, q.deadLetterQueueName, q.maxReceiveCount])).toEqual([
      ['dev-billing-process-invoice-payment', 'dev-billing-process-invoice-payment-dlq', 3],
      ['dev-users-send-password-reset', 'dev-users-send-password-reset-dlq', 3],
      ['dev-audit-user-events', 'dev-audit-user-events-dlq', 3],
      ['dev-audit-invoice-events', 'dev-audit-invoice-events-dlq', 3],
    ]);
    expect(filterPolicyOf(topology.queues[0]!)).toEqual({ event_type: ['invoice.payment_requested'] });
  });

  it('refuses names SNS/SQS would refuse and bad numbers, naming each', () => {
    expect(() => defineTopology(consumers, { prefix: 'bad prefix!', maxReceiveCount: 0 })).toThrow(
      /maxReceiveCount.*not a valid SNS\/SQS name/s,
    );
  });
});

describe('provisionTopology on the SNS/SQS wire protocol', () => {
  it('is idempotent', async () => {
    const topology = defineTopology(consumers, { prefix: uniquePrefix() });
    const first = await provisionTopology(emulator.clients, topology);
    const second = await provisionTopology(emulator.clients, topology);
    expect(second).toEqual(first);
  });

  it('delivers an event only to the queues whose filter matches, raw, with its attributes', async () => {
    const topology = defineTopology(consumers, { prefix: uniquePrefix() });
    const provisioned = await provisionTopology(emulator.clients, topology);
    const publisher = new SnsMessagePublisher(emulator.clients.sns, provisioned.topicArn);
    const types = ['user.created', 'invoice.created', 'invoice.payment_requested', 'invoice.paid'];
    const outcome = await publisher.publish(types.map((type, i) => ({ id: String(i + 1), envelope: envelope(type, i + 1), attempts: 1 })));
    expect(outcome.failed).toEqual([]);

    for (const queue of provisioned.queues) {
      const expected = topology.queues.find((q) => q.consumer === queue.consumer)!.eventTypes.filter((t) => types.includes(t));
      const messages = await drain(emulator.clients, queue.queueUrl);
      const bodies = messages.map((m) => JSON.parse(m.Body!) as EventEnvelope);
      expect(bodies.map((b) => b.event_type).sort(), queue.consumer).toEqual([...expected].sort());
      for (const message of messages) {
        const body = JSON.parse(message.Body!) as EventEnvelope;
        expect(message.MessageAttributes?.event_type?.StringValue).toBe(body.event_type);
        expect(message.MessageAttributes?.aggregate_type?.StringValue).toBe(body.aggregate_type);
        expect(message.MessageAttributes?.correlation_id?.StringValue).toBe(body.correlation_id);
      }
    }
  });

  it('publishes more than ten messages in batches of ten', async () => {
    const topology = defineTopology(consumers, { prefix: uniquePrefix() });
    const provisioned = await provisionTopology(emulator.clients, topology);
    const publisher = new SnsMessagePublisher(emulator.clients.sns, provisioned.topicArn);
    const messages = Array.from({ length: 23 }, (_, i) => ({ id: String(i + 1), envelope: envelope('user.created', i + 1), attempts: 1 }));
    expect((await publisher.publish(messages)).failed).toEqual([]);
    const audit = provisioned.queues.find((q) => q.consumer === 'audit.user-events')!;
    expect(await drain(emulator.clients, audit.queueUrl, 5)).toHaveLength(23);
  });

  it('reports every message as failed when the topic does not exist', async () => {
    const publisher = new SnsMessagePublisher(emulator.clients.sns, 'arn:aws:sns:us-east-1:000000000000:missing-topic');
    const outcome = await publisher.publish([{ id: '1', envelope: envelope('user.created', 1), attempts: 1 }]);
    expect(outcome.failed.map((f) => f.id)).toEqual(['1']);
  });
});
