import { CreateTopicCommand, GetSubscriptionAttributesCommand, ListSubscriptionsByTopicCommand } from '@aws-sdk/client-sns';
import { GetQueueAttributesCommand, ListQueuesCommand } from '@aws-sdk/client-sqs';
import { createAwsClients, provisionTopology } from '@hexabill/adapter-aws';
import { EVENT_SUBSCRIPTIONS } from '@hexabill/core';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { startFauxqs } from 'fauxqs';
import { describe, expect, it } from 'vitest';
import { HexabillStack, topologyFor } from '../src/index.js';
import { CERTIFICATE_ARN, PASSWORD_RESET_URL, SMTP_SECRET_ARN } from './synth-template.js';

const props = {
  image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/hexabill:1.0.0',
  messagingPrefix: 'hexabill-test',
  maxReceiveCount: 4,
  certificateArn: CERTIFICATE_ARN,
  smtpSecretArn: SMTP_SECRET_ARN,
  passwordResetUrl: PASSWORD_RESET_URL,
};

function synth(): Template {
  const app = new App();
  return Template.fromStack(new HexabillStack(app, 'Hexabill', { ...props, env: { account: '123456789012', region: 'eu-west-1' } }));
}

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;

describe('HexabillStack (synthesised offline)', () => {
  const template = synth();

  it('has the topic, a queue and dead-letter queue per consumer, and filtered raw subscriptions', () => {
    const topology = topologyFor(props);
    template.resourceCountIs('AWS::SNS::Topic', 1);
    template.hasResourceProperties('AWS::SNS::Topic', { TopicName: topology.topicName });
    template.resourceCountIs('AWS::SQS::Queue', topology.queues.length * 2);
    template.resourceCountIs('AWS::SNS::Subscription', topology.queues.length);
    for (const q of topology.queues) {
      template.hasResourceProperties('AWS::SQS::Queue', {
        QueueName: q.queueName,
        VisibilityTimeout: q.visibilityTimeoutSeconds,
        RedrivePolicy: { maxReceiveCount: q.maxReceiveCount, deadLetterTargetArn: Match.anyValue() },
      });
      template.hasResourceProperties('AWS::SQS::Queue', { QueueName: q.deadLetterQueueName });
      template.hasResourceProperties('AWS::SNS::Subscription', {
        Protocol: 'sqs',
        RawMessageDelivery: true,
        FilterPolicy: { event_type: [...q.eventTypes] },
      });
    }
  });

  it('runs PostgreSQL on RDS with a generated secret, and keeps the JWT key in Secrets Manager', () => {
    template.hasResourceProperties('AWS::RDS::DBInstance', { Engine: 'postgres', StorageEncrypted: true, DBName: 'hexabill' });
    template.resourceCountIs('AWS::SecretsManager::Secret', 2);
  });

  it('runs api behind a load balancer (health check /health/ready) and worker on Fargate, each autoscaled', () => {
    template.resourceCountIs('AWS::ECS::Service', 2);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', { HealthCheckPath: '/health/ready', Port: 80 });
    template.resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 2);
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', { PolicyType: 'TargetTrackingScaling' });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', { PolicyType: 'StepScaling' });
    const tasks = Object.values(template.findResources('AWS::ECS::TaskDefinition') as Resources);
    const containers = tasks.flatMap(
      (t) => t.Properties.ContainerDefinitions as { Command: string[]; Image: string; Secrets: { Name: string }[] }[],
    );
    expect(containers.map((c) => c.Command).sort()).toEqual([['api'], ['worker']]);
    for (const c of containers) {
      expect(c.Image).toBe(props.image);
      // Only the worker sends mail, so only it gets the SMTP URL.
      const expected = c.Command[0] === 'worker' ? ['DATABASE_PASSWORD', 'JWT_SECRET', 'SMTP_URL'] : ['DATABASE_PASSWORD', 'JWT_SECRET'];
      expect(c.Secrets.map((s) => s.Name).sort()).toEqual(expected);
    }
  });

  it('alarms on every dead-letter queue and on outbox lag', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm') as Resources).map((a) => a.Properties);
    expect(
      alarms.filter((a) => a.MetricName === 'ApproximateNumberOfMessagesVisible' && String(a.AlarmDescription).includes('dead-letter')),
    ).toHaveLength(EVENT_SUBSCRIPTIONS.length);
    expect(alarms.filter((a) => a.MetricName === 'OutboxOldestAgeSeconds' && a.Namespace === 'Hexabill')).toHaveLength(1);
  });
});

describe('one topology for development and AWS', () => {
  it('the CDK stack declares exactly what the worker provisions in development', async () => {
    const template = synth();
    const resources = template.toJSON().Resources as Resources;
    const byLogicalId = (ref: unknown): Record<string, unknown> | undefined => {
      const id = (ref as { 'Fn::GetAtt'?: [string, string]; Ref?: string })['Fn::GetAtt']?.[0] ?? (ref as { Ref?: string }).Ref;
      return id ? resources[id]?.Properties : undefined;
    };
    const fromCdk = Object.values(resources)
      .filter((r) => r.Type === 'AWS::SNS::Subscription')
      .map((s) => {
        const queue = byLogicalId(s.Properties.Endpoint) ?? {};
        const redrive = queue.RedrivePolicy as { maxReceiveCount: number; deadLetterTargetArn: unknown };
        return {
          queue: queue.QueueName,
          deadLetterQueue: byLogicalId(redrive.deadLetterTargetArn)?.QueueName,
          maxReceiveCount: redrive.maxReceiveCount,
          visibilityTimeout: Number(queue.VisibilityTimeout),
          filterPolicy: s.Properties.FilterPolicy,
          raw: s.Properties.RawMessageDelivery === true,
        };
      })
      .sort((a, b) => String(a.queue).localeCompare(String(b.queue)));

    const server = await startFauxqs({ port: 0, logger: false });
    const clients = createAwsClients({
      region: 'us-east-1',
      endpoint: `http://127.0.0.1:${server.port}`,
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    });
    try {
      const provisioned = await provisionTopology(clients, topologyFor(props));
      const { QueueUrls = [] } = await clients.sqs.send(new ListQueuesCommand({}));
      const arnToName = new Map<string, string>();
      for (const url of QueueUrls) {
        const { Attributes = {} } = await clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }));
        arnToName.set(Attributes.QueueArn ?? '', url.split('/').pop() ?? '');
      }
      const { Subscriptions = [] } = await clients.sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: provisioned.topicArn }));
      const fromDev = [];
      for (const sub of Subscriptions) {
        const { Attributes = {} } = await clients.sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: sub.SubscriptionArn }));
        const queueName = arnToName.get(sub.Endpoint ?? '') ?? '';
        const queueUrl = QueueUrls.find((u) => u.endsWith(`/${queueName}`)) ?? '';
        const { Attributes: q = {} } = await clients.sqs.send(
          new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['RedrivePolicy', 'VisibilityTimeout'] }),
        );
        const redrive = JSON.parse(q.RedrivePolicy ?? '{}') as { deadLetterTargetArn: string; maxReceiveCount: string | number };
        fromDev.push({
          queue: queueName,
          deadLetterQueue: arnToName.get(redrive.deadLetterTargetArn),
          maxReceiveCount: Number(redrive.maxReceiveCount),
          visibilityTimeout: Number(q.VisibilityTimeout),
          filterPolicy: JSON.parse(Attributes.FilterPolicy ?? '{}') as unknown,
          raw: Attributes.RawMessageDelivery === 'true',
        });
      }
      fromDev.sort((a, b) => a.queue.localeCompare(b.queue));
      const { TopicArn } = await clients.sns.send(new CreateTopicCommand({ Name: topologyFor(props).topicName }));
      expect(TopicArn).toBe(provisioned.topicArn);
      expect(fromDev).toEqual(fromCdk);
      expect(fromDev).toHaveLength(EVENT_SUBSCRIPTIONS.length);
    } finally {
      clients.destroy();
      await server.stop();
    }
  });
});
