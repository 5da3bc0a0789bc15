import type * as AwsAdapter from '@hexabill/adapter-aws';
import { EVENT_SUBSCRIPTIONS, observedPublisher, OutboxRelay, PROCESS_INVOICE_PAYMENT } from '@hexabill/core';
import { ContainerModule } from 'inversify';
import type { Config } from '../../config/config-schema.js';
import { waitForStartup } from '../../runtime/wait-for-dependencies.js';
import { TOKENS } from '../tokens.js';

/**
 * The SNS/SQS adapter and the AWS SDK beneath it, loaded the first time something needs them: the
 * worker does, the API never (they would cost it some 12 MiB of memory for nothing).
 */
let loading: Promise<typeof AwsAdapter> | undefined;
const aws = (): Promise<typeof AwsAdapter> => (loading ??= import('@hexabill/adapter-aws'));

/**
 * SNS/SQS: the clients, the topology (provisioned or looked up), the relay's publisher, the consumers
 * and their dead-letter queues. Every binding is asynchronous (`getAsync`), as the adapter is loaded
 * on first use.
 */
export function awsModule(config: Config): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(TOKENS.awsClients)
      .toDynamicValue(async () =>
        (await aws()).createAwsClients({
          region: config.AWS_REGION,
          ...(config.AWS_ENDPOINT ? { endpoint: config.AWS_ENDPOINT } : {}),
          ...(config.AWS_ACCESS_KEY_ID && config.AWS_SECRET_ACCESS_KEY
            ? { credentials: { accessKeyId: config.AWS_ACCESS_KEY_ID, secretAccessKey: config.AWS_SECRET_ACCESS_KEY } }
            : {}),
        }),
      )
      .onDeactivation((clients) => {
        clients.destroy();
      });
    bind(TOKENS.topologyDefinition).toDynamicValue(async () =>
      (await aws()).defineTopology(EVENT_SUBSCRIPTIONS, {
        prefix: config.MESSAGING_PREFIX,
        maxReceiveCount: config.SQS_MAX_RECEIVE_COUNT,
        visibilityTimeoutSeconds: config.SQS_VISIBILITY_TIMEOUT_SECONDS,
      }),
    );
    // Resolved once at the worker's start-up: waits out an SNS/SQS endpoint that is not up yet.
    bind(TOKENS.topology).toDynamicValue(async (ctx) => {
      const { lookupTopology, provisionTopology } = await aws();
      const clients = await ctx.getAsync(TOKENS.awsClients);
      const definition = await ctx.getAsync(TOKENS.topologyDefinition);
      const where = `SNS/SQS at ${config.AWS_ENDPOINT ? `AWS_ENDPOINT=${config.AWS_ENDPOINT}` : `AWS_REGION=${config.AWS_REGION}`}`;
      const topicArn = config.SNS_TOPIC_ARN;
      if (config.MESSAGING_PROVISION ?? config.NODE_ENV !== 'production') {
        return waitForStartup(config, ctx.get(TOKENS.logger), where, () => provisionTopology(clients, definition));
      }
      if (!topicArn) throw new Error('SNS_TOPIC_ARN is required when MESSAGING_PROVISION=false.');
      return waitForStartup(config, ctx.get(TOKENS.logger), where, () => lookupTopology(clients, definition, topicArn));
    });
    bind(TOKENS.relay).toDynamicValue(
      async (ctx) =>
        new OutboxRelay(
          ctx.get(TOKENS.outboxStore),
          observedPublisher(
            new (await aws()).SnsMessagePublisher(
              (await ctx.getAsync(TOKENS.awsClients)).sns,
              (await ctx.getAsync(TOKENS.topology)).topicArn,
            ),
            ctx.get(TOKENS.observePublishRound),
          ),
          ctx.get(TOKENS.clock),
          ctx.get(TOKENS.logger),
          { batchSize: config.RELAY_BATCH_SIZE, idleWaitMs: config.RELAY_IDLE_WAIT_MS },
        ),
    );
    bind(TOKENS.sqsWorker).toDynamicValue(
      async (ctx) =>
        new (await aws()).SqsWorker(
          (await ctx.getAsync(TOKENS.awsClients)).sqs,
          (await ctx.getAsync(TOKENS.topology)).queues,
          await ctx.getAsync(TOKENS.eventHandlers),
          ctx.get(TOKENS.logger),
          {
            concurrency: config.SQS_CONCURRENCY,
            batchSize: config.SQS_BATCH_SIZE,
            waitTimeSeconds: config.SQS_WAIT_TIME_SECONDS,
            visibilityTimeoutSeconds: config.SQS_VISIBILITY_TIMEOUT_SECONDS,
            heartbeatIntervalSeconds: config.SQS_HEARTBEAT_SECONDS,
            stopTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
            pollers: config.SQS_POLLERS,
          },
          // A charge waits on the provider (300–800 ms) holding no database connection, so the payment
          // consumer keeps many more in flight than the consumers that only write a row.
          { [PROCESS_INVOICE_PAYMENT.consumer]: { concurrency: config.SQS_PAYMENT_CONCURRENCY } },
        ),
    );
    bind(TOKENS.deadLetterQueues).toDynamicValue(
      async (ctx) =>
        new (await aws()).DeadLetterQueues((await ctx.getAsync(TOKENS.awsClients)).sqs, (await ctx.getAsync(TOKENS.topology)).queues),
    );
    bind(TOKENS.outboxLagReport).toDynamicValue(
      async (ctx) => new (await aws()).CloudWatchOutboxLagReport(ctx.get(TOKENS.outboxStore), ctx.get(TOKENS.logger)),
    );
  });
}
