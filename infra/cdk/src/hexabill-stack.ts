import { defineTopology, filterPolicyOf, type TopologyDefinition } from '@hexabill/adapter-aws';
import { EVENT_SUBSCRIPTIONS, PROCESS_INVOICE_PAYMENT } from '@hexabill/core';
import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as ecsPatterns from 'aws-cdk-lib/aws-ecs-patterns';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

export interface HexabillStackProps extends StackProps {
  /** The image built from the repository's Dockerfile, e.g. an ECR URI with a tag. */
  readonly image: string;
  /** Prefix of every topic and queue name (MESSAGING_PREFIX). */
  readonly messagingPrefix?: string;
  readonly maxReceiveCount?: number;
  readonly visibilityTimeoutSeconds?: number;
}

/** The messaging topology of this deployment: the very definition the worker provisions in development. */
export function topologyFor(
  props: Pick<HexabillStackProps, 'messagingPrefix' | 'maxReceiveCount' | 'visibilityTimeoutSeconds'>,
): TopologyDefinition {
  return defineTopology(EVENT_SUBSCRIPTIONS, {
    prefix: props.messagingPrefix ?? 'hexabill',
    ...(props.maxReceiveCount === undefined ? {} : { maxReceiveCount: props.maxReceiveCount }),
    ...(props.visibilityTimeoutSeconds === undefined ? {} : { visibilityTimeoutSeconds: props.visibilityTimeoutSeconds }),
  });
}

/**
 * hexabill on AWS: SNS and SQS generated from the shared topology definition, PostgreSQL on RDS,
 * the `api` behind a load balancer and the `worker` on ECS Fargate, each autoscaled, secrets in
 * Secrets Manager, and alarms on dead letters and outbox lag.
 */
export class HexabillStack extends Stack {
  readonly topology: TopologyDefinition;

  constructor(scope: Construct, id: string, props: HexabillStackProps) {
    super(scope, id, props);
    const topology = topologyFor(props);
    this.topology = topology;

    // --- messaging, from the shared definition -------------------------------------------------
    const topic = new sns.Topic(this, 'Events', { topicName: topology.topicName });
    const queues = topology.queues.map((q) => {
      const deadLetters = new sqs.Queue(this, `${q.consumer}-dlq`, {
        queueName: q.deadLetterQueueName,
        retentionPeriod: Duration.seconds(q.deadLetterRetentionSeconds),
        enforceSSL: true,
      });
      const queue = new sqs.Queue(this, q.consumer, {
        queueName: q.queueName,
        visibilityTimeout: Duration.seconds(q.visibilityTimeoutSeconds),
        deadLetterQueue: { queue: deadLetters, maxReceiveCount: q.maxReceiveCount },
        enforceSSL: true,
      });
      topic.addSubscription(
        new subscriptions.SqsSubscription(queue, {
          rawMessageDelivery: true,
          filterPolicy: { event_type: sns.SubscriptionFilter.stringFilter({ allowlist: filterPolicyOf(q).event_type }) },
        }),
      );
      new cloudwatch.Alarm(this, `${q.consumer}-dead-letters`, {
        alarmDescription: `Messages for ${q.consumer} are in its dead-letter queue.`,
        metric: deadLetters.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1) }),
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      return { definition: q, queue };
    });

    // --- network, database, secrets -------------------------------------------------------------
    const vpc = new ec2.Vpc(this, 'Vpc', { maxAzs: 2, natGateways: 1 });
    const database = new rds.DatabaseInstance(this, 'Database', {
      engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_17 }),
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.T4G, ec2.InstanceSize.MICRO),
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      databaseName: 'hexabill',
      credentials: rds.Credentials.fromGeneratedSecret('hexabill'),
      storageEncrypted: true,
      multiAz: false,
      backupRetention: Duration.days(7),
      removalPolicy: RemovalPolicy.SNAPSHOT,
    });
    const jwtSecret = new secretsmanager.Secret(this, 'JwtSecret', {
      description: 'HS256 key for hexabill access tokens',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });
    const databaseSecret = database.secret;
    if (!databaseSecret) throw new Error('the database has no generated secret');

    const cluster = new ecs.Cluster(this, 'Cluster', { vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED });
    const image = ecs.ContainerImage.fromRegistry(props.image);
    const environment = {
      NODE_ENV: 'production',
      DATABASE_URL: `postgres://hexabill@${database.dbInstanceEndpointAddress}:${database.dbInstanceEndpointPort}/hexabill`,
      AWS_REGION: this.region,
      MESSAGING_PREFIX: props.messagingPrefix ?? 'hexabill',
      MESSAGING_PROVISION: 'false',
      SNS_TOPIC_ARN: topic.topicArn,
      SQS_MAX_RECEIVE_COUNT: String(topology.queues[0]?.maxReceiveCount ?? 5),
      SQS_VISIBILITY_TIMEOUT_SECONDS: String(topology.queues[0]?.visibilityTimeoutSeconds ?? 30),
    };
    const secrets = {
      DATABASE_PASSWORD: ecs.Secret.fromSecretsManager(databaseSecret, 'password'),
      JWT_SECRET: ecs.Secret.fromSecretsManager(jwtSecret),
    };

    // --- api: behind a load balancer, healthy when /health/ready says so -------------------------
    const api = new ecsPatterns.ApplicationLoadBalancedFargateService(this, 'Api', {
      cluster,
      cpu: 512,
      memoryLimitMiB: 1024,
      desiredCount: 2,
      publicLoadBalancer: true,
      taskImageOptions: {
        image,
        command: ['api'],
        containerPort: 3000,
        environment: { ...environment, HOST: '0.0.0.0', PORT: '3000' },
        secrets,
        logDriver: ecs.LogDrivers.awsLogs({ streamPrefix: 'api' }),
      },
    });
    api.targetGroup.configureHealthCheck({ path: '/health/ready', healthyHttpCodes: '200', interval: Duration.seconds(15) });
    api.targetGroup.setAttribute('deregistration_delay.timeout_seconds', '30');
    const apiScaling = api.service.autoScaleTaskCount({ minCapacity: 2, maxCapacity: 10 });
    apiScaling.scaleOnCpuUtilization('ApiCpu', { targetUtilizationPercent: 60 });

    // --- worker: consumers and relay, scaled on the payment queue's depth ---------------------------
    const workerTask = new ecs.FargateTaskDefinition(this, 'WorkerTask', { cpu: 256, memoryLimitMiB: 512 });
    workerTask.addContainer('worker', {
      image,
      command: ['worker'],
      environment: { ...environment, HOST: '0.0.0.0', METRICS_PORT: '9464' },
      secrets,
      logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'worker' }),
      stopTimeout: Duration.seconds(30),
    });
    const worker = new ecs.FargateService(this, 'Worker', { cluster, taskDefinition: workerTask, desiredCount: 1 });
    const payments = queues.find((q) => q.definition.consumer === PROCESS_INVOICE_PAYMENT.consumer)?.queue;
    if (!payments) throw new Error('no payment queue in the topology');
    const workerScaling = worker.autoScaleTaskCount({ minCapacity: 1, maxCapacity: 10 });
    workerScaling.scaleOnMetric('QueueDepth', {
      metric: payments.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1) }),
      scalingSteps: [
        { upper: 0, change: -1 },
        { lower: 100, change: 1 },
        { lower: 1_000, change: 3 },
      ],
    });

    // --- permissions and reachability ------------------------------------------------------------
    for (const service of [api.service, worker]) database.connections.allowDefaultPortFrom(service);
    topic.grantPublish(workerTask.taskRole);
    for (const { queue } of queues) queue.grantConsumeMessages(workerTask.taskRole);

    // The worker logs the outbox lag as an embedded metric once a minute.
    new cloudwatch.Alarm(this, 'OutboxLag', {
      alarmDescription: 'Events wait in the outbox: the relay is down or cannot publish.',
      metric: new cloudwatch.Metric({
        namespace: 'Hexabill',
        metricName: 'OutboxOldestAgeSeconds',
        dimensionsMap: { Service: 'worker' },
        statistic: 'Maximum',
        period: Duration.minutes(1),
      }),
      threshold: 300,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 3,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    });
  }
}
