/**
 * Events per second through relay → SNS → SQS → handler on fauxqs, beside the raw fauxqs
 * publish + receive rate measured in the same run. Target: the pipeline reaches ≥ 70% of raw.
 *
 *   npm run bench --workspace @hexabill/adapter-aws      (EVENTS=2000 by default)
 */
import { PublishBatchCommand } from '@aws-sdk/client-sns';
import { DeleteMessageBatchCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { AUDIT_USER_EVENTS, OutboxRelay, Principals, silentLogger, type EventHandler } from '@hexabill/core';
import { createTestKit } from '@hexabill/core/testing';
import { startFauxqs } from 'fauxqs';
import { createAwsClients, defineTopology, provisionTopology, SnsMessagePublisher, SqsWorker, type AwsClients } from '../src/index.js';

const EVENTS = Number(process.env.EVENTS ?? 2000);
const RUNS = Number(process.env.RUNS ?? 5);
/** Concurrent receive loops, the same on both sides. */
const POLLERS = Number(process.env.POLLERS ?? 2);

async function rawRate(clients: AwsClients, prefix: string): Promise<number> {
  const topology = defineTopology([AUDIT_USER_EVENTS], { prefix });
  const { topicArn, queues } = await provisionTopology(clients, topology);
  const queueUrl = queues[0]?.queueUrl ?? '';
  const body = JSON.stringify({ hello: 'x'.repeat(300) });
  const started = performance.now();
  const publishing = (async () => {
    for (let sent = 0; sent < EVENTS; sent += 100) {
      const calls = [];
      for (let i = sent; i < Math.min(sent + 100, EVENTS); i += 10) {
        const entries = Array.from({ length: Math.min(10, EVENTS - i) }, (_, j) => ({
          Id: String(i + j),
          Message: body,
          MessageAttributes: { event_type: { DataType: 'String', StringValue: 'user.created' } },
        }));
        calls.push(clients.sns.send(new PublishBatchCommand({ TopicArn: topicArn, PublishBatchRequestEntries: entries })));
      }
      await Promise.all(calls);
    }
  })();
  let received = 0;
  const receiveLoop = async (): Promise<void> => {
    while (received < EVENTS) {
      const { Messages = [] } = await clients.sqs.send(
        new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
      );
      if (Messages.length === 0) continue;
      received += Messages.length;
      await clients.sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle ?? '' })),
        }),
      );
    }
  };
  await Promise.all([publishing, ...Array.from({ length: POLLERS }, receiveLoop)]);
  return EVENTS / ((performance.now() - started) / 1000);
}

async function pipelineRate(clients: AwsClients, prefix: string): Promise<number> {
  const topology = defineTopology([AUDIT_USER_EVENTS], { prefix });
  const provisioned = await provisionTopology(clients, topology);
  const kit = createTestKit();
  for (let i = 0; i < EVENTS; i += 1) {
    await kit.registerUser.execute(
      { email: `b${i}@example.com`, name: `B${i}`, password: 'password-1' },
      { principal: Principals.anonymous() },
    );
  }
  const audit = kit.handlers.find((h) => h.subscription.consumer === AUDIT_USER_EVENTS.consumer);
  if (!audit) throw new Error('no audit handler');
  let handled = 0;
  let done: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => {
    done = resolve;
  });
  const counting: EventHandler = {
    subscription: audit.subscription,
    handle: async (event, delivery) => {
      const result = await audit.handle(event, delivery);
      if (result.isOk() && result.value === 'handled' && ++handled === EVENTS) done();
      return result;
    },
  };
  const worker = new SqsWorker(clients.sqs, provisioned.queues, [counting], silentLogger, {
    batchSize: 10,
    waitTimeSeconds: 1,
    visibilityTimeoutSeconds: 30,
    heartbeatIntervalSeconds: 10,
    stopTimeoutMs: 5_000,
    pollers: POLLERS,
  });
  const relay = new OutboxRelay(kit.outbox, new SnsMessagePublisher(clients.sns, provisioned.topicArn), kit.clock, silentLogger, {
    batchSize: 100,
    idleWaitMs: 50,
  });
  worker.start();
  const started = performance.now();
  relay.start();
  const published = (async () => {
    while (kit.outbox.records.some((r) => r.publishedAt === null)) await new Promise((resolve) => setTimeout(resolve, 5));
    return performance.now() - started;
  })();
  await finished;
  const elapsed = performance.now() - started;
  console.log(
    `  pipeline run: relay published all after ${(await published).toFixed(0)} ms, handler saw all after ${elapsed.toFixed(0)} ms`,
  );
  await relay.stop();
  await worker.stop();
  return EVENTS / (elapsed / 1000);
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

const server = await startFauxqs({ port: 0, logger: false });
const clients = createAwsClients({
  region: 'us-east-1',
  endpoint: `http://127.0.0.1:${server.port}`,
  credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
});
try {
  const raw: number[] = [];
  const pipeline: number[] = [];
  // One warm-up of each side (JIT, sockets), not counted.
  await rawRate(clients, 'bench-warm-raw');
  await pipelineRate(clients, 'bench-warm-pipe');
  // Interleaved, so drift on a noisy machine hits both sides alike.
  for (let run = 0; run < RUNS; run += 1) {
    raw.push(await rawRate(clients, `bench-raw-${run}`));
    pipeline.push(await pipelineRate(clients, `bench-pipe-${run}`));
  }
  const ratio = median(pipeline) / median(raw);
  console.log(`events per run: ${EVENTS}, runs: ${RUNS}, pollers per side: ${POLLERS} (medians below)`);
  console.log(`raw fauxqs publish + receive: ${median(raw).toFixed(0)} msg/s  [${raw.map((r) => r.toFixed(0)).join(', ')}]`);
  console.log(`relay → SNS → SQS → handler:  ${median(pipeline).toFixed(0)} events/s  [${pipeline.map((r) => r.toFixed(0)).join(', ')}]`);
  console.log(`ratio: ${(ratio * 100).toFixed(1)}% of raw (target ≥ 70%) — ${ratio >= 0.7 ? 'met' : 'NOT met'}`);
} finally {
  clients.destroy();
  await server.stop();
}
