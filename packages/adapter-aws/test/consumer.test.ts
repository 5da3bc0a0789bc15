import { SendMessageBatchCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { EVENT_SUBSCRIPTIONS, err, ok, OutboxRelay, Principals, type EventEnvelope, type EventHandler } from '@hexabill/core';
import { createTestKit, RecordingLogger } from '@hexabill/core/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ConsumerSettingsError,
  defineTopology,
  provisionTopology,
  readEventFromBody,
  SnsMessagePublisher,
  SqsEventConsumer,
  SqsWorker,
  validateConsumerSettings,
  type ConsumerSettings,
  type ProvisionedTopology,
} from '../src/index.js';
import { drain, startEmulator, uniquePrefix, type Emulator } from './support/fauxqs.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator.stop();
});

const running: { stop(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.stop()));
}, 30_000);

/** Short timings so redelivery and dead-lettering happen within seconds. */
const settings = (overrides: Partial<ConsumerSettings> = {}): ConsumerSettings => ({
  concurrency: 10,
  batchSize: 10,
  waitTimeSeconds: 1,
  visibilityTimeoutSeconds: 2,
  heartbeatIntervalSeconds: 1,
  stopTimeoutMs: 5_000,
  ...overrides,
});

async function provision(maxReceiveCount = 2): Promise<ProvisionedTopology> {
  return provisionTopology(
    emulator.clients,
    defineTopology(EVENT_SUBSCRIPTIONS, { prefix: uniquePrefix(), maxReceiveCount, visibilityTimeoutSeconds: 2 }),
  );
}

function envelope(n: number, overrides: Partial<EventEnvelope> = {}): EventEnvelope {
  return {
    event_id: `00000000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`,
    event_type: 'user.created',
    event_version: 1,
    aggregate_type: 'user',
    aggregate_id: `00000000-0000-7000-8000-${(1000 + n).toString(16).padStart(12, '0')}`,
    occurred_at: '2026-01-01T00:00:00.000Z',
    correlation_id: `corr-${n}`,
    causation_id: null,
    payload: { user_id: `00000000-0000-7000-8000-${(1000 + n).toString(16).padStart(12, '0')}`, email: 'a@example.com', name: 'A' },
    ...overrides,
  };
}

/** A handler that records what it saw and answers as told. */
function recordingHandler(
  consumer: string,
  behave: (event: EventEnvelope) => Promise<'ok' | 'err' | 'throw'> = () => Promise.resolve('ok'),
) {
  const seen: EventEnvelope[] = [];
  const handler: EventHandler = {
    subscription: { consumer, eventTypes: ['user.created'] },
    handle: async (event) => {
      seen.push(event);
      const how = await behave(event);
      if (how === 'throw') throw new Error('handler blew up');
      return how === 'ok' ? ok('handled') : err({ code: 'PAYMENT_GATEWAY_UNAVAILABLE', message: 'down' });
    },
  };
  return { handler, seen };
}

function startConsumer(topology: ProvisionedTopology, handler: EventHandler, logger = new RecordingLogger(), s = settings()) {
  const queue = topology.queues.find((q) => q.consumer === handler.subscription.consumer)!;
  const consumer = new SqsEventConsumer(emulator.clients.sqs, queue, handler, logger, s);
  consumer.start();
  running.push(consumer);
  return { consumer, queue, logger };
}

const send = (queueUrl: string, body: string) =>
  emulator.clients.sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }));

/** Sends the bodies in this order, ten per call. */
async function sendAll(queueUrl: string, bodies: readonly string[]): Promise<void> {
  for (let i = 0; i < bodies.length; i += 10) {
    await emulator.clients.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: bodies.slice(i, i + 10).map((body, j) => ({ Id: `m${i + j}`, MessageBody: body })),
      }),
    );
  }
}

/** What the emulator holds for a queue: visible messages, and messages received but not deleted. */
function depth(queueUrl: string): { ready: number; inflight: number } {
  const inspected = emulator.server.inspectQueue(queueUrl.split('/').pop()!);
  return { ready: inspected?.messages.ready.length ?? 0, inflight: inspected?.messages.inflight.length ?? 0 };
}

/** A promise that settles only when the test opens it. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

describe('consumer settings', () => {
  it('are checked at start, naming every problem', () => {
    expect(() =>
      validateConsumerSettings({
        concurrency: 0,
        batchSize: 11,
        waitTimeSeconds: 30,
        visibilityTimeoutSeconds: 10,
        heartbeatIntervalSeconds: 10,
        stopTimeoutMs: -1,
      }),
    ).toThrow(ConsumerSettingsError);
    try {
      validateConsumerSettings({
        concurrency: 0,
        batchSize: 11,
        waitTimeSeconds: 30,
        visibilityTimeoutSeconds: 10,
        heartbeatIntervalSeconds: 10,
        stopTimeoutMs: -1,
      });
    } catch (error) {
      expect((error as ConsumerSettingsError).problems.join('\n')).toMatch(
        /concurrency[\s\S]*batchSize[\s\S]*waitTimeSeconds[\s\S]*heartbeatIntervalSeconds \(10\) must be shorter[\s\S]*stopTimeoutMs/,
      );
    }
  });
});

describe('message bodies', () => {
  it('are read raw or wrapped in an SNS notification, and rejected with a reason otherwise', () => {
    const event = envelope(1);
    expect(readEventFromBody(JSON.stringify(event))._unsafeUnwrap()).toEqual(event);
    const wrapped = { Type: 'Notification', MessageId: 'm', TopicArn: 'arn', Message: JSON.stringify(event) };
    expect(readEventFromBody(JSON.stringify(wrapped))._unsafeUnwrap()).toEqual(event);
    expect(readEventFromBody('not json')._unsafeUnwrapErr()).toMatch(/not JSON/);
    expect(readEventFromBody(JSON.stringify({ ...event, event_type: 'user.exploded' }))._unsafeUnwrapErr()).toMatch(/unknown event_type/);
    expect(readEventFromBody(undefined)._unsafeUnwrapErr()).toMatch(/empty/);
  });
});

describe('SqsEventConsumer on the SNS/SQS wire protocol', () => {
  it('handles raw and SNS-wrapped bodies and deletes them', async () => {
    const topology = await provision();
    const { handler, seen } = recordingHandler('audit.user-events');
    const { queue } = startConsumer(topology, handler);
    await send(queue.queueUrl, JSON.stringify(envelope(1)));
    await send(queue.queueUrl, JSON.stringify({ Type: 'Notification', Message: JSON.stringify(envelope(2)) }));
    await expect.poll(() => seen.map((e) => e.event_id).sort(), { timeout: 10_000 }).toEqual([envelope(1).event_id, envelope(2).event_id]);
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(seen).toHaveLength(2);
    expect(await drain(emulator.clients, queue.queueUrl, 1)).toEqual([]);
  });

  it('gives the handler only the event types it subscribes to, and deletes the others unhandled', async () => {
    const topology = await provision();
    const { handler, seen } = recordingHandler('audit.user-events');
    const { queue, consumer } = startConsumer(topology, handler);
    const userId = '00000000-0000-7000-8000-0000000004d2';
    const updated = envelope(9, { event_type: 'user.updated', payload: { user_id: userId, changes: {} } });
    await send(queue.queueUrl, JSON.stringify(updated));
    await send(queue.queueUrl, JSON.stringify(envelope(10)));
    await expect.poll(() => consumer.counters.handled + consumer.counters.ignored, { timeout: 10_000 }).toBe(2);
    expect(seen.map((e) => e.event_type)).toEqual(['user.created']);
    expect(consumer.counters.ignored).toBe(1);
    expect(await drain(emulator.clients, queue.queueUrl, 1)).toEqual([]);
  });

  it('handles the same message delivered twice only once, through the inbox', async () => {
    const topology = await provision();
    const kit = createTestKit();
    const audit = kit.handlers.find((h) => h.subscription.consumer === 'audit.user-events')!;
    const { queue, consumer } = startConsumer(topology, audit);
    const body = JSON.stringify(envelope(7));
    await send(queue.queueUrl, body);
    await send(queue.queueUrl, body);
    await expect.poll(() => consumer.counters.handled + consumer.counters.duplicate, { timeout: 10_000 }).toBe(2);
    expect(consumer.counters).toMatchObject({ handled: 1, duplicate: 1 });
    expect(kit.logger.entries.filter((e) => e.message === 'event user.created')).toHaveLength(1);
  });

  it('lets a failing handler’s message come back, then sends it to the dead-letter queue after maxReceiveCount', async () => {
    const topology = await provision(2);
    const { handler, seen } = recordingHandler('audit.user-events', () => Promise.resolve('throw'));
    const { queue, logger } = startConsumer(topology, handler);
    await send(queue.queueUrl, JSON.stringify(envelope(3)));
    await expect
      .poll(async () => (await drain(emulator.clients, queue.deadLetterQueueUrl, 1)).length, { timeout: 20_000, interval: 500 })
      .toBe(1);
    expect(seen.length).toBe(2);
    expect(logger.entries.filter((e) => e.message.startsWith('event handler threw'))).toHaveLength(2);
  });

  it('sends a poison message to the dead-letter queue while its batch-mates succeed', async () => {
    const topology = await provision(2);
    const { handler, seen } = recordingHandler('audit.user-events');
    const { queue, logger } = startConsumer(topology, handler);
    await emulator.clients.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queue.queueUrl,
        Entries: [
          { Id: 'a', MessageBody: JSON.stringify(envelope(10)) },
          { Id: 'poison', MessageBody: '{"this is": "not an event"}' },
          { Id: 'b', MessageBody: JSON.stringify(envelope(11)) },
        ],
      }),
    );
    await expect.poll(() => seen.length, { timeout: 10_000 }).toBe(2);
    await expect
      .poll(async () => (await drain(emulator.clients, queue.deadLetterQueueUrl, 1)).length, { timeout: 20_000, interval: 500 })
      .toBe(1);
    const rejected = logger.entries.filter((e) => e.message.startsWith('rejected a message'));
    expect(rejected.length).toBeGreaterThanOrEqual(1);
    expect(rejected[0]?.fields.message_id).toEqual(expect.any(String));
    expect(seen).toHaveLength(2);
  });

  it('keeps extending visibility while a slow handler works, so nobody else gets the message', async () => {
    const topology = await provision(5);
    const { handler, seen } = recordingHandler(
      'audit.user-events',
      () =>
        new Promise((resolve) =>
          setTimeout(() => {
            resolve('ok');
          }, 4_500),
        ),
    );
    const first = startConsumer(
      topology,
      handler,
      new RecordingLogger(),
      settings({ visibilityTimeoutSeconds: 2, heartbeatIntervalSeconds: 1 }),
    );
    const second = recordingHandler('audit.user-events');
    startConsumer(topology, second.handler);
    await send(first.queue.queueUrl, JSON.stringify(envelope(20)));
    await expect.poll(() => first.consumer.counters.handled + second.seen.length, { timeout: 15_000 }).toBeGreaterThanOrEqual(1);
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(seen.length + second.seen.length).toBe(1);
  });

  it('on stop, stops receiving, finishes the messages in flight and deletes them', async () => {
    const topology = await provision(5);
    const release = gate();
    const { handler, seen } = recordingHandler('audit.user-events', async () => {
      await release.opened;
      return 'ok';
    });
    const { consumer, queue } = startConsumer(
      topology,
      handler,
      new RecordingLogger(),
      // Five places, all taken: the message sent next stays in the queue.
      settings({ concurrency: 5, visibilityTimeoutSeconds: 10, heartbeatIntervalSeconds: 3 }),
    );
    await sendAll(
      queue.queueUrl,
      [30, 31, 32, 33, 34].map((n) => JSON.stringify(envelope(n))),
    );
    await expect.poll(() => seen.length, { timeout: 10_000 }).toBe(5);
    await send(queue.queueUrl, JSON.stringify(envelope(35)));

    let stopped = false;
    const stopping = consumer.stop().then(() => {
      stopped = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(stopped).toBe(false);
    release.open();
    await stopping;
    expect(consumer.counters.handled).toBe(5);
    expect(consumer.inFlight).toBe(0);
    // The five are deleted; the one sent after they started was never received.
    expect(depth(queue.queueUrl)).toEqual({ ready: 1, inflight: 0 });
  });

  it('on stop, leaves a message still running after stopTimeoutMs to come back after its visibility timeout', async () => {
    const topology = await provision(5);
    const release = gate();
    const { handler, seen } = recordingHandler('audit.user-events', async () => {
      await release.opened;
      return 'ok';
    });
    const { consumer, queue, logger } = startConsumer(topology, handler, new RecordingLogger(), settings({ stopTimeoutMs: 200 }));
    await send(queue.queueUrl, JSON.stringify(envelope(36)));
    await expect.poll(() => seen.length, { timeout: 10_000 }).toBe(1);
    await consumer.stop();
    expect(consumer.counters.handled).toBe(0);
    expect(logger.entries.some((e) => e.message.startsWith('stop timeout reached'))).toBe(true);
    // No heartbeat any more: the message becomes visible again for another worker.
    await expect
      .poll(async () => (await drain(emulator.clients, queue.queueUrl, 1)).map((m) => m.Body), { timeout: 10_000, interval: 500 })
      .toEqual([JSON.stringify(envelope(36))]);
    release.open();
  });
});

describe('the in-flight window', () => {
  it('keeps `concurrency` messages in flight at once with a slow handler, and never more, however many receive loops share them', async () => {
    const topology = await provision(5);
    const limit = 25;
    let active = 0;
    let most = 0;
    const full = gate();
    const { handler } = recordingHandler('audit.user-events', async () => {
      active += 1;
      most = Math.max(most, active);
      // Held until `limit` handlers run side by side: if the consumer could not get there, nothing finishes.
      if (active >= limit) full.open();
      await full.opened;
      active -= 1;
      return 'ok';
    });
    const { consumer, queue } = startConsumer(
      topology,
      handler,
      new RecordingLogger(),
      settings({ concurrency: limit, pollers: 4, visibilityTimeoutSeconds: 10, heartbeatIntervalSeconds: 3 }),
    );
    await sendAll(
      queue.queueUrl,
      Array.from({ length: 60 }, (_, i) => JSON.stringify(envelope(100 + i))),
    );
    await expect.poll(() => consumer.counters.handled, { timeout: 20_000 }).toBe(60);
    expect(most).toBe(limit);
    expect(consumer.peakInFlight).toBe(limit);
    await expect.poll(() => depth(queue.queueUrl), { timeout: 10_000 }).toEqual({ ready: 0, inflight: 0 });
  });

  it('lets a hanging message hold only its own place: the others flow past it, then it finishes and is deleted', async () => {
    const topology = await provision(5);
    const hanging = envelope(200);
    const release = gate();
    const { handler, seen } = recordingHandler('audit.user-events', async (event) => {
      if (event.event_id === hanging.event_id) await release.opened;
      return 'ok';
    });
    const { consumer, queue } = startConsumer(
      topology,
      handler,
      new RecordingLogger(),
      settings({ concurrency: 3, visibilityTimeoutSeconds: 4, heartbeatIntervalSeconds: 1 }),
    );
    await sendAll(
      queue.queueUrl,
      [hanging, ...Array.from({ length: 30 }, (_, i) => envelope(201 + i))].map((e) => JSON.stringify(e)),
    );
    await expect.poll(() => consumer.counters.handled, { timeout: 20_000 }).toBe(30);
    // All the others are done and deleted while the first still hangs, on two of the three places.
    expect(seen.filter((e) => e.event_id === hanging.event_id)).toHaveLength(1);
    await expect.poll(() => consumer.inFlight, { timeout: 10_000 }).toBe(1);
    await expect.poll(() => depth(queue.queueUrl), { timeout: 10_000 }).toEqual({ ready: 0, inflight: 1 });
    release.open();
    await expect.poll(() => consumer.counters.handled, { timeout: 10_000 }).toBe(31);
    await expect.poll(() => depth(queue.queueUrl), { timeout: 10_000 }).toEqual({ ready: 0, inflight: 0 });
    // Handled once: not delivered again while it hung.
    expect(seen.filter((e) => e.event_id === hanging.event_id)).toHaveLength(1);
  });

  it('deletes each message as soon as its own handler is done, while a batch-mate still runs', async () => {
    const topology = await provision(5);
    const slow = envelope(300);
    const release = gate();
    const { handler } = recordingHandler('audit.user-events', async (event) => {
      if (event.event_id === slow.event_id) await release.opened;
      return 'ok';
    });
    const { consumer, queue } = startConsumer(
      topology,
      handler,
      new RecordingLogger(),
      settings({ visibilityTimeoutSeconds: 10, heartbeatIntervalSeconds: 3 }),
    );
    await sendAll(queue.queueUrl, [JSON.stringify(slow), JSON.stringify(envelope(301))]);
    await expect.poll(() => consumer.counters.handled, { timeout: 10_000 }).toBe(1);
    await expect.poll(() => depth(queue.queueUrl), { timeout: 10_000 }).toEqual({ ready: 0, inflight: 1 });
    const left = emulator.server.inspectQueue(queue.queueUrl.split('/').pop()!)?.messages.inflight[0]?.message.body;
    expect(left).toContain(slow.event_id);
    release.open();
    await expect.poll(() => depth(queue.queueUrl), { timeout: 10_000 }).toEqual({ ready: 0, inflight: 0 });
  });

  it('never handles two messages of one aggregate at once and keeps their order, while other aggregates run alongside', async () => {
    const topology = await provision(5);
    const aggregates = [0, 1, 2].map((a) => `00000000-0000-7000-8000-${(5000 + a).toString(16).padStart(12, '0')}`);
    const sent: EventEnvelope[] = [];
    for (let round = 0; round < 8; round += 1) {
      for (const [a, aggregateId] of aggregates.entries()) {
        sent.push(
          envelope(400 + round * 3 + a, {
            aggregate_id: aggregateId,
            payload: { user_id: aggregateId, email: 'a@example.com', name: 'A' },
          }),
        );
      }
    }
    const running = new Map<string, number>();
    let overlaps = 0;
    const allThree = gate();
    const { handler, seen } = recordingHandler('audit.user-events', async (event) => {
      const mine = (running.get(event.aggregate_id) ?? 0) + 1;
      running.set(event.aggregate_id, mine);
      if (mine > 1) overlaps += 1;
      // Held until all three aggregates are being handled side by side.
      if ([...running.values()].filter((n) => n > 0).length === 3) allThree.open();
      await allThree.opened;
      await new Promise((resolve) => setTimeout(resolve, 5));
      running.set(event.aggregate_id, (running.get(event.aggregate_id) ?? 1) - 1);
      return 'ok';
    });
    const { consumer, queue } = startConsumer(
      topology,
      handler,
      new RecordingLogger(),
      settings({ concurrency: 12, visibilityTimeoutSeconds: 10, heartbeatIntervalSeconds: 3 }),
    );
    await sendAll(
      queue.queueUrl,
      sent.map((e) => JSON.stringify(e)),
    );
    await expect.poll(() => consumer.counters.handled, { timeout: 20_000 }).toBe(24);
    expect(overlaps).toBe(0);
    for (const aggregateId of aggregates) {
      const order = (events: readonly EventEnvelope[]) => events.filter((e) => e.aggregate_id === aggregateId).map((e) => e.event_id);
      expect(order(seen)).toEqual(order(sent));
    }
  });

  it('logs a failing receive and tries again later; stop still ends at once', async () => {
    const topology = await provision(5);
    const { handler } = recordingHandler('audit.user-events');
    const queue = topology.queues.find((q) => q.consumer === 'audit.user-events')!;
    const logger = new RecordingLogger();
    const consumer = new SqsEventConsumer(
      emulator.clients.sqs,
      { ...queue, queueUrl: `${queue.queueUrl}-missing` },
      handler,
      logger,
      settings(),
    );
    consumer.start();
    running.push(consumer);
    await expect
      .poll(() => logger.entries.filter((e) => e.message === 'sqs receive failed; retrying').length, { timeout: 10_000 })
      .toBeGreaterThanOrEqual(2);
    await consumer.stop();
    expect(consumer.isRunning).toBe(false);
  });
});

describe('SqsWorker', () => {
  it('runs one consumer per handler, with the settings given for each', () => {
    const topology = {
      queues: ['audit.user-events', 'billing.process-invoice-payment'].map((consumer) => ({
        consumer,
        queueUrl: `http://127.0.0.1/000000000000/${consumer}`,
        maxReceiveCount: 5,
      })),
    };
    const handlers = [recordingHandler('audit.user-events').handler, recordingHandler('billing.process-invoice-payment').handler];
    const worker = new SqsWorker(emulator.clients.sqs, topology.queues, handlers, new RecordingLogger(), settings({ concurrency: 4 }), {
      'billing.process-invoice-payment': { concurrency: 40 },
    });
    expect(worker.consumers.map((c) => [c.consumer, c.concurrency])).toEqual([
      ['audit.user-events', 4],
      ['billing.process-invoice-payment', 40],
    ]);
    expect(
      () =>
        new SqsWorker(emulator.clients.sqs, topology.queues, handlers, new RecordingLogger(), settings(), {
          'billing.process-invoice-paymnet': { concurrency: 40 },
        }),
    ).toThrow(/billing\.process-invoice-paymnet/);
    expect(
      () =>
        new SqsWorker(emulator.clients.sqs, topology.queues, handlers, new RecordingLogger(), settings(), {
          'audit.user-events': { concurrency: 0 },
        }),
    ).toThrow(/concurrency must be a whole number/);
  });
});

describe('relay end to end: outbox → SNS → SQS → handlers', () => {
  it('delivers every event exactly once, in write order per aggregate', async () => {
    const topology = await provision(5);
    const kit = createTestKit();
    const users = [];
    for (let i = 0; i < 8; i += 1) {
      const registered = await kit.registerUser.execute(
        { email: `e2e${i}@example.com`, name: `U${i}`, password: 'password-1' },
        { principal: Principals.anonymous() },
      );
      users.push(registered._unsafeUnwrap());
    }
    for (let round = 0; round < 4; round += 1) {
      for (const user of users)
        await kit.updateUser.execute({ id: user.id, name: `Round ${round}` }, { principal: Principals.user(user.id) });
    }
    const written = kit.outbox.envelopes;
    expect(written).toHaveLength(40);

    const { handler, seen } = recordingHandler('audit.user-events');
    const recording: EventHandler = {
      ...handler,
      subscription: { consumer: 'audit.user-events', eventTypes: ['user.created', 'user.updated'] },
    };
    const worker = new SqsWorker(emulator.clients.sqs, topology.queues, [recording], new RecordingLogger(), settings());
    worker.start();
    running.push(worker);

    const relay = new OutboxRelay(kit.outbox, new SnsMessagePublisher(emulator.clients.sns, topology.topicArn), kit.clock, kit.logger, {
      idleWaitMs: 20,
    });
    relay.start();
    running.push(relay);

    await expect.poll(() => seen.length, { timeout: 20_000 }).toBe(40);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(seen).toHaveLength(40);
    expect(new Set(seen.map((e) => e.event_id)).size).toBe(40);
    for (const user of users) {
      const order = (events: readonly EventEnvelope[]) => events.filter((e) => e.aggregate_id === user.id).map((e) => e.event_id);
      expect(order(seen)).toEqual(order(written));
    }
    expect(kit.outbox.records.every((r) => r.publishedAt !== null)).toBe(true);
  });
});
