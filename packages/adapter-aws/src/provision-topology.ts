import { CreateTopicCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import type { AwsClients } from './aws-clients.js';
import { filterPolicyOf, type TopologyDefinition } from './topology.js';

export interface ProvisionedQueue {
  readonly consumer: string;
  readonly queueUrl: string;
  readonly queueArn: string;
  readonly deadLetterQueueUrl: string;
  readonly deadLetterQueueArn: string;
  readonly maxReceiveCount: number;
  readonly visibilityTimeoutSeconds: number;
}

export interface ProvisionedTopology {
  readonly topicArn: string;
  readonly queues: readonly ProvisionedQueue[];
}

async function queueArn(clients: AwsClients, queueUrl: string): Promise<string> {
  const { Attributes } = await clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }));
  const arn = Attributes?.QueueArn;
  if (!arn) throw new Error(`queue ${queueUrl} has no ARN`);
  return arn;
}

/**
 * Creates what is missing (every call here is idempotent): the topic, each dead-letter queue, each
 * queue with its redrive policy and a policy letting the topic send to it, and each filtered
 * subscription with raw delivery. For development and tests; production uses the CDK stack.
 */
export async function provisionTopology(clients: AwsClients, topology: TopologyDefinition): Promise<ProvisionedTopology> {
  const { TopicArn: topicArn } = await clients.sns.send(new CreateTopicCommand({ Name: topology.topicName }));
  if (!topicArn) throw new Error(`topic ${topology.topicName} was not created`);

  const queues = await Promise.all(
    topology.queues.map(async (q): Promise<ProvisionedQueue> => {
      const dlq = await clients.sqs.send(
        new CreateQueueCommand({
          QueueName: q.deadLetterQueueName,
          Attributes: { MessageRetentionPeriod: String(q.deadLetterRetentionSeconds) },
        }),
      );
      const deadLetterQueueUrl = dlq.QueueUrl ?? '';
      const deadLetterQueueArn = await queueArn(clients, deadLetterQueueUrl);

      const created = await clients.sqs.send(
        new CreateQueueCommand({
          QueueName: q.queueName,
          Attributes: {
            VisibilityTimeout: String(q.visibilityTimeoutSeconds),
            MessageRetentionPeriod: String(q.messageRetentionSeconds),
            RedrivePolicy: JSON.stringify({ deadLetterTargetArn: deadLetterQueueArn, maxReceiveCount: String(q.maxReceiveCount) }),
          },
        }),
      );
      const queueUrl = created.QueueUrl ?? '';
      const arn = await queueArn(clients, queueUrl);

      await clients.sns.send(
        new SubscribeCommand({
          TopicArn: topicArn,
          Protocol: 'sqs',
          Endpoint: arn,
          ReturnSubscriptionArn: true,
          Attributes: { RawMessageDelivery: 'true', FilterPolicy: JSON.stringify(filterPolicyOf(q)) },
        }),
      );
      return {
        consumer: q.consumer,
        queueUrl,
        queueArn: arn,
        deadLetterQueueUrl,
        deadLetterQueueArn,
        maxReceiveCount: q.maxReceiveCount,
        visibilityTimeoutSeconds: q.visibilityTimeoutSeconds,
      };
    }),
  );
  return { topicArn, queues };
}

/**
 * Finds an existing topology (created by the CDK stack) without creating anything: the given topic
 * and each queue by name. Fails, naming the queue, when one is missing.
 */
export async function lookupTopology(clients: AwsClients, topology: TopologyDefinition, topicArn: string): Promise<ProvisionedTopology> {
  const urlOf = async (name: string): Promise<string> => {
    try {
      const { QueueUrl } = await clients.sqs.send(new GetQueueUrlCommand({ QueueName: name }));
      if (QueueUrl) return QueueUrl;
    } catch {
      // Reported below with the queue's name.
    }
    throw new Error(`SQS queue "${name}" does not exist; deploy the infrastructure or enable provisioning.`);
  };
  const queues = await Promise.all(
    topology.queues.map(async (q): Promise<ProvisionedQueue> => {
      const queueUrl = await urlOf(q.queueName);
      const deadLetterQueueUrl = await urlOf(q.deadLetterQueueName);
      return {
        consumer: q.consumer,
        queueUrl,
        queueArn: await queueArn(clients, queueUrl),
        deadLetterQueueUrl,
        deadLetterQueueArn: await queueArn(clients, deadLetterQueueUrl),
        maxReceiveCount: q.maxReceiveCount,
        visibilityTimeoutSeconds: q.visibilityTimeoutSeconds,
      };
    }),
  );
  return { topicArn, queues };
}
