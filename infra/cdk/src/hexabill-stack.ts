import { defineTopology, filterPolicyOf, type TopologyDefinition } from '@hexabill/adapter-aws';
import { EVENT_SUBSCRIPTIONS, PROCESS_INVOICE_PAYMENT } from '@hexabill/core';
import { CfnOutput, Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as ecsPatterns from 'aws-cdk-lib/aws-ecs-patterns';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { HexabillStackProps } from './hexabill-stack-props.js';
import { API_PORT, resolveStackSettings, type PublicEndpoint } from './stack-settings.js';

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
 * the `api` behind an HTTPS load balancer and the `worker` on ECS Fargate, each autoscaled, their
 * Prometheus metrics reachable from the VPC only, secrets in Secrets Manager, and alarms on dead
 * letters and outbox lag. The production switches are props (see HexabillStackProps).
 */
export class HexabillStack extends Stack {
  readonly topology: TopologyDefinition;

  constructor(scope: Construct, id: string, props: HexabillStackProps) {
    // Checked before the stack joins the app, so a bad setting leaves nothing behind to synthesise.
    const region = props.env?.region;
    const settings = resolveStackSettings(props, region === undefined || Token.isUnresolved(region) ? undefined : region);
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
        retentionPeriod: Duration.seconds(q.messageRetentionSeconds),
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
      return { definition: q, queue, deadLetters };
    });

    // --- network, database, secrets -------------------------------------------------------------
    const vpc = new ec2.Vpc(this, 'Vpc', { maxAzs: 2, natGateways: 1 });
    const database = new rds.DatabaseInstance(this, 'Database', {
      engine: rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_17 }),
      instanceType: new ec2.InstanceType(settings.database.instanceType),
      vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      databaseName: 'hexabill',
      credentials: rds.Credentials.fromGeneratedSecret('hexabill'),
      storageEncrypted: true,
      multiAz: settings.database.multiAz,
      deletionProtection: settings.database.deletionProtection,
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
    const metricsPort = settings.metricsPort;
    const environment = {
      NODE_ENV: 'production',
      HOST: '0.0.0.0',
      METRICS_PORT: String(metricsPort),
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
    const logsFor = (part: 'api' | 'worker'): ecs.LogDriver =>
      ecs.LogDrivers.awsLogs({
        streamPrefix: part,
        logGroup: new logs.LogGroup(this, part === 'api' ? 'ApiLogs' : 'WorkerLogs', { retention: settings.logRetention }),
      });
    // Prometheus scrapes from inside the VPC; nothing outside it reaches the metrics port.
    const scrapeFromVpc = (service: ecs.FargateService): void => {
      service.connections.allowFrom(ec2.Peer.ipv4(vpc.vpcCidrBlock), ec2.Port.tcp(metricsPort), 'Prometheus /metrics, from the VPC only');
    };

    // --- api: behind an HTTPS load balancer, healthy when /health/ready says so ----------------------
    const api = new ecsPatterns.ApplicationLoadBalancedFargateService(this, 'Api', {
      cluster,
      cpu: 512,
      memoryLimitMiB: 1024,
      desiredCount: settings.api.desired,
      // Deployments start new tasks before stopping old ones, and a release that never gets healthy rolls back.
      minHealthyPercent: 100,
      circuitBreaker: { rollback: true },
      publicLoadBalancer: true,
      ...this.listenerProps(settings.endpoint),
      taskImageOptions: {
        image,
        command: ['api'],
        containerPort: API_PORT,
        environment: {
          ...environment,
          PORT: String(API_PORT),
          DOCS_ENABLED: String(settings.docsEnabled),
          // The load balancer is the proxy in front of the API, and it lives in this VPC.
          TRUSTED_PROXIES: vpc.vpcCidrBlock,
        },
        secrets,
        logDriver: logsFor('api'),
      },
    });
    api.taskDefinition.defaultContainer?.addPortMappings({ containerPort: metricsPort, name: 'metrics' });
    api.targetGroup.configureHealthCheck({ path: '/health/ready', healthyHttpCodes: '200', interval: Duration.seconds(15) });
    api.targetGroup.setAttribute('deregistration_delay.timeout_seconds', '30');
    // Metrics have their own port, which the load balancer never forwards to; should the app ever serve
    // them on the API port too, the public listener still answers 404.
    api.listener.addAction('NoPublicMetrics', {
      priority: 1,
      conditions: [elbv2.ListenerCondition.pathPatterns(['/metrics', '/metrics/*'])],
      action: elbv2.ListenerAction.fixedResponse(404, {
        contentType: 'application/json',
        messageBody: '{"title":"Not Found","status":404}',
      }),
    });
    scrapeFromVpc(api.service);
    if (settings.endpoint.protocol === 'https' && settings.endpoint.domainName !== undefined)
      new CfnOutput(this, 'ApiUrl', { value: `https://${settings.endpoint.domainName}`, description: 'The public address of the API' });
    const apiScaling = api.service.autoScaleTaskCount({ minCapacity: settings.api.min, maxCapacity: settings.api.max });
    apiScaling.scaleOnCpuUtilization('ApiCpu', { targetUtilizationPercent: 60 });

    // --- worker: consumers and relay, scaled on the payment queue's depth ---------------------------
    const workerTask = new ecs.FargateTaskDefinition(this, 'WorkerTask', { cpu: 256, memoryLimitMiB: 512 });
    // Only the worker sends mail: the SMTP credentials never reach the API's tasks.
    const smtpSecret = secretsmanager.Secret.fromSecretCompleteArn(this, 'SmtpSecret', settings.mail.smtpSecretArn);
    workerTask.addContainer('worker', {
      image,
      command: ['worker'],
      environment: { ...environment, PASSWORD_RESET_URL: settings.mail.passwordResetUrl },
      secrets: { ...secrets, SMTP_URL: ecs.Secret.fromSecretsManager(smtpSecret) },
      portMappings: [{ containerPort: metricsPort, name: 'metrics' }],
      logging: logsFor('worker'),
      stopTimeout: Duration.seconds(30),
    });
    const worker = new ecs.FargateService(this, 'Worker', {
      cluster,
      taskDefinition: workerTask,
      desiredCount: settings.worker.desired,
      minHealthyPercent: 100,
      circuitBreaker: { rollback: true },
    });
    scrapeFromVpc(worker);
    const payments = queues.find((q) => q.definition.consumer === PROCESS_INVOICE_PAYMENT.consumer)?.queue;
    if (!payments) throw new Error('no payment queue in the topology');
    const workerScaling = worker.autoScaleTaskCount({ minCapacity: settings.worker.min, maxCapacity: settings.worker.max });
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
    // At start-up the worker checks that the topic and every queue and dead-letter queue exist (lookupTopology);
    // without these, AWS answers "access denied" and the worker cannot start.
    topic.grants.actions(workerTask.taskRole, ['sns:GetTopicAttributes']);
    for (const { deadLetters } of queues) deadLetters.grant(workerTask.taskRole, 'sqs:GetQueueUrl', 'sqs:GetQueueAttributes');

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

  /** HTTPS on 443 with a current TLS policy and 80 redirected to it; plain HTTP only when asked for. */
  private listenerProps(endpoint: PublicEndpoint): Partial<ecsPatterns.ApplicationLoadBalancedFargateServiceProps> {
    if (endpoint.protocol === 'http') return { protocol: elbv2.ApplicationProtocol.HTTP };
    const zone =
      endpoint.hostedZone &&
      route53.HostedZone.fromHostedZoneAttributes(this, 'Zone', {
        hostedZoneId: endpoint.hostedZone.hostedZoneId,
        zoneName: endpoint.hostedZone.zoneName,
      });
    return {
      protocol: elbv2.ApplicationProtocol.HTTPS,
      sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
      redirectHTTP: true,
      // Without a certificate ARN the pattern creates one for domainName, validated in the zone.
      ...(endpoint.certificateArn === undefined
        ? {}
        : { certificate: acm.Certificate.fromCertificateArn(this, 'Certificate', endpoint.certificateArn) }),
      // The pattern writes the alias record when it has a zone; without one, DNS is the operator's.
      ...(zone ? { domainZone: zone, domainName: endpoint.domainName } : {}),
    };
  }
}
