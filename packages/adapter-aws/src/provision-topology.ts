import { CreateTopicCommand, GetTopicAttributesCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, GetQueueUrlCommand } from '@aws-sdk/client-sqs';
import { StartupError } from '@hexabill/core';
import type { AwsClients } from './aws-clients.js';
import { awsStartupError, awsTargetOf, missingQueues, type AwsCall, type AwsTarget } from './aws-startup-errors.js';
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

/** Runs one AWS call; its failure becomes a `StartupError` naming the cause and the setting to check. */
async function attempt<T>(call: AwsCall, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    throw awsStartupError(error, call);
  }
}

async function queueArn(clients: AwsClients, target: AwsTarget, queueName: string, queueUrl: string): Promise<string> {
  const { Attributes } = await attempt({ service: 'SQS', action: 'GetQueueAttributes', resource: queueName, target }, () =>
    clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] })),
  );
  const arn = Attributes?.QueueArn;
  if (!arn) throw new StartupError('failed', `SQS queue "${queueName}" (${queueUrl}) has no ARN`, false);
  return arn;
}

/**
 * Creates what is missing (every call here is idempotent): the topic, each dead-letter queue, each
 * queue with its redrive policy and a policy letting the topic send to it, and each filtered
 * subscription with raw delivery. For development and tests; production uses the CDK stack.
 */
export async function provisionTopology(clients: AwsClients, topology: TopologyDefinition): Promise<ProvisionedTopology> {
  const target = await awsTargetOf(clients.sns);
  const { TopicArn: topicArn } = await attempt({ service: 'SNS', action: 'CreateTopic', resource: topology.topicName, target }, () =>
    clients.sns.send(new CreateTopicCommand({ Name: topology.topicName })),
  );
  if (!topicArn) throw new StartupError('failed', `SNS topic ${topology.topicName} was not created`, false);

  const queues = await Promise.all(
    topology.queues.map(async (q): Promise<ProvisionedQueue> => {
      const dlq = await attempt({ service: 'SQS', action: 'CreateQueue', resource: q.deadLetterQueueName, target }, () =>
        clients.sqs.send(
          new CreateQueueCommand({
            QueueName: q.deadLetterQueueName,
            Attributes: { MessageRetentionPeriod: String(q.deadLetterRetentionSeconds) },
          }),
        ),
      );
      const deadLetterQueueUrl = dlq.QueueUrl ?? '';
      const deadLetterQueueArn = await queueArn(clients, target, q.deadLetterQueueName, deadLetterQueueUrl);

      const created = await attempt({ service: 'SQS', action: 'CreateQueue', resource: q.queueName, target }, () =>
        clients.sqs.send(
          new CreateQueueCommand({
            QueueName: q.queueName,
            Attributes: {
              VisibilityTimeout: String(q.visibilityTimeoutSeconds),
              MessageRetentionPeriod: String(q.messageRetentionSeconds),
              RedrivePolicy: JSON.stringify({ deadLetterTargetArn: deadLetterQueueArn, maxReceiveCount: String(q.maxReceiveCount) }),
            },
          }),
        ),
      );
      const queueUrl = created.QueueUrl ?? '';
      const arn = await queueArn(clients, target, q.queueName, queueUrl);

      await attempt({ service: 'SNS', action: 'Subscribe', resource: topicArn, target }, () =>
        clients.sns.send(
          new SubscribeCommand({
            TopicArn: topicArn,
            Protocol: 'sqs',
            Endpoint: arn,
            ReturnSubscriptionArn: true,
            Attributes: { RawMessageDelivery: 'true', FilterPolicy: JSON.stringify(filterPolicyOf(q)) },
          }),
        ),
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

/** The parts of an SNS topic ARN: `arn:<partition>:sns:<region>:<account>:<name>`. */
function parseTopicArn(arn: string): { region: string; name: string } | undefined {
  const parts = arn.split(':');
  if (parts.length !== 6 || parts[0] !== 'arn' || parts[2] !== 'sns' || !parts[3] || !parts[4] || !parts[5]) return undefined;
  return { region: parts[3], name: parts[5] };
}

/**
 * Finds an existing topology (created by the CDK stack) without creating anything: the given topic
 * and each queue and dead-letter queue by name. Every failure is a `StartupError` naming its cause:
 * a topic ARN of another region than the clients', a missing topic, every missing queue at once,
 * unreachable endpoints, rejected credentials, denied access.
 */
export async function lookupTopology(clients: AwsClients, topology: TopologyDefinition, topicArn: string): Promise<ProvisionedTopology> {
  const target = await awsTargetOf(clients.sns);
  const topic = parseTopicArn(topicArn);
  if (!topic) {
    throw new StartupError(
      'misconfigured',
      `SNS_TOPIC_ARN "${topicArn}" is not an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>)`,
      false,
    );
  }
  if (topic.region !== target.region) {
    throw new StartupError(
      'wrong-region',
      `SNS_TOPIC_ARN is in region ${topic.region} but AWS_REGION is ${target.region}: set AWS_REGION to the region the infrastructure was deployed to, or correct SNS_TOPIC_ARN`,
      false,
    );
  }
  await attempt({ service: 'SNS', action: 'GetTopicAttributes', resource: topicArn, target }, () =>
    clients.sns.send(new GetTopicAttributesCommand({ TopicArn: topicArn })),
  );

  const lookUp = async (name: string): Promise<{ url: string; arn: string }> => {
    const { QueueUrl: url } = await attempt({ service: 'SQS', action: 'GetQueueUrl', resource: name, target }, () =>
      clients.sqs.send(new GetQueueUrlCommand({ QueueName: name })),
    );
    if (!url) throw missingQueues([name], target);
    return { url, arn: await queueArn(clients, target, name, url) };
  };
  const names = topology.queues.flatMap((q) => [q.queueName, q.deadLetterQueueName]);
  const outcomes = await Promise.allSettled(names.map(lookUp));
  const found = new Map<string, { url: string; arn: string }>();
  const missing: string[] = [];
  const failures: unknown[] = [];
  outcomes.forEach((outcome, i) => {
    const name = names[i] ?? '';
    if (outcome.status === 'fulfilled') found.set(name, outcome.value);
    else if (outcome.reason instanceof StartupError && outcome.reason.problem === 'not-found') missing.push(name);
    else failures.push(outcome.reason);
  });
  // A cause that hides the queues (unreachable, credentials, access) comes first; missing queues are named all at once.
  if (failures.length > 0) throw failures[0];
  if (missing.length > 0) throw missingQueues(missing, target);

  const queues = topology.queues.map((q): ProvisionedQueue => {
    const queue = found.get(q.queueName);
    const deadLetters = found.get(q.deadLetterQueueName);
    if (!queue || !deadLetters) throw new StartupError('failed', `SQS queue "${q.queueName}" was not looked up`, false);
    return {
      consumer: q.consumer,
      queueUrl: queue.url,
      queueArn: queue.arn,
      deadLetterQueueUrl: deadLetters.url,
      deadLetterQueueArn: deadLetters.arn,
      maxReceiveCount: q.maxReceiveCount,
      visibilityTimeoutSeconds: q.visibilityTimeoutSeconds,
    };
  });
  return { topicArn, queues };
}
