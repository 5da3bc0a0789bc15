import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { CreateTopicCommand } from '@aws-sdk/client-sns';
import { EVENT_SUBSCRIPTIONS, StartupError } from '@hexabill/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAwsClients, defineTopology, lookupTopology, provisionTopology, type AwsClients } from '../src/index.js';
import { startEmulator, uniquePrefix, type Emulator } from './support/fauxqs.js';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator.stop();
});

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

async function failureOf(work: Promise<unknown>): Promise<StartupError> {
  const outcome = await work.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(outcome instanceof StartupError)) throw new Error(`expected a StartupError, got ${String(outcome)}`);
  return outcome;
}

async function withClients<T>(endpoint: string | undefined, work: (clients: AwsClients) => Promise<T>, region = 'us-east-1'): Promise<T> {
  const clients = createAwsClients({ region, credentials, ...(endpoint ? { endpoint } : {}) });
  try {
    return await work(clients);
  } finally {
    clients.destroy();
  }
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
  return address && typeof address === 'object' ? address.port : 0;
}

describe('lookupTopology on fauxqs names what is missing', () => {
  it('a topic that does not exist, naming SNS_TOPIC_ARN', async () => {
    const topology = defineTopology(EVENT_SUBSCRIPTIONS, { prefix: uniquePrefix() });
    const arn = 'arn:aws:sns:us-east-1:000000000000:no-such-topic';
    const error = await failureOf(lookupTopology(emulator.clients, topology, arn));
    expect(error.problem).toBe('not-found');
    expect(error.transient).toBe(false);
    expect(error.message).toMatch(
      /^SNS topic arn:aws:sns:us-east-1:000000000000:no-such-topic does not exist at AWS_ENDPOINT=http:\/\/127\.0\.0\.1:\d+: check SNS_TOPIC_ARN/,
    );
  });

  it('every missing queue at once, with MESSAGING_PREFIX to check', async () => {
    const topology = defineTopology(EVENT_SUBSCRIPTIONS, { prefix: uniquePrefix() });
    const { TopicArn } = await emulator.clients.sns.send(new CreateTopicCommand({ Name: topology.topicName }));
    const error = await failureOf(lookupTopology(emulator.clients, topology, TopicArn ?? ''));
    expect(error.problem).toBe('not-found');
    for (const q of topology.queues) {
      expect(error.message).toContain(`"${q.queueName}"`);
      expect(error.message).toContain(`"${q.deadLetterQueueName}"`);
    }
    expect(error.message).toMatch(
      /^SQS queues .* do not exist at AWS_ENDPOINT=.*check MESSAGING_PREFIX and AWS_REGION, or set MESSAGING_PROVISION=true/,
    );
  });

  it('finds what provisioning made', async () => {
    const topology = defineTopology(EVENT_SUBSCRIPTIONS, { prefix: uniquePrefix() });
    const provisioned = await provisionTopology(emulator.clients, topology);
    expect(await lookupTopology(emulator.clients, topology, provisioned.topicArn)).toEqual(provisioned);
  });

  it('a topic ARN of another region than AWS_REGION, and one that is no topic ARN', async () => {
    const topology = defineTopology(EVENT_SUBSCRIPTIONS, { prefix: uniquePrefix() });
    const region = await failureOf(lookupTopology(emulator.clients, topology, 'arn:aws:sns:eu-west-1:123456789012:hexabill-events'));
    expect(region.problem).toBe('wrong-region');
    expect(region.message).toBe(
      'SNS_TOPIC_ARN is in region eu-west-1 but AWS_REGION is us-east-1: set AWS_REGION to the region the infrastructure was deployed to, or correct SNS_TOPIC_ARN',
    );
    const malformed = await failureOf(lookupTopology(emulator.clients, topology, 'arn:aws:sqs:us-east-1:123456789012:hexabill-events'));
    expect(malformed.problem).toBe('misconfigured');
    expect(malformed.message).toContain('SNS_TOPIC_ARN "arn:aws:sqs:us-east-1:123456789012:hexabill-events" is not an SNS topic ARN');
  });
});

describe('unreachable endpoints', () => {
  const topology = defineTopology(EVENT_SUBSCRIPTIONS, { prefix: 'hexabill' });

  it('a refused connection is transient and names AWS_ENDPOINT', async () => {
    const endpoint = `http://127.0.0.1:${String(await closedPort())}`;
    const error = await withClients(endpoint, (clients) => failureOf(provisionTopology(clients, topology)));
    expect(error.problem).toBe('unreachable');
    expect(error.transient).toBe(true);
    expect(error.message).toBe(`cannot reach SNS at ${endpoint} (ECONNREFUSED): check AWS_ENDPOINT and that the service there is running`);
  });

  it('a host that does not resolve is a setting to fix, not something to wait for', async () => {
    const error = await withClients('http://hexabill-no-such-host.invalid:4566', (clients) =>
      failureOf(lookupTopology(clients, topology, 'arn:aws:sns:us-east-1:000000000000:hexabill-events')),
    );
    expect(error.problem).toBe('misconfigured');
    expect(error.transient).toBe(false);
    expect(error.message).toBe('the host of AWS_ENDPOINT (hexabill-no-such-host.invalid) does not resolve (ENOTFOUND): check AWS_ENDPOINT');
  });
});

describe('no credentials at all', () => {
  it('names the variables and the role chain', async () => {
    // The default chain, with nothing to find: no variables, no shared files, no instance metadata.
    const saved = { ...process.env };
    for (const name of [
      'AWS_ACCESS_KEY_ID',
      'AWS_SECRET_ACCESS_KEY',
      'AWS_SESSION_TOKEN',
      'AWS_PROFILE',
      'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
      'AWS_CONTAINER_CREDENTIALS_FULL_URI',
      'AWS_WEB_IDENTITY_TOKEN_FILE',
    ]) {
      Reflect.deleteProperty(process.env, name);
    }
    Object.assign(process.env, {
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
      AWS_CONFIG_FILE: '/nonexistent/config',
    });
    const clients = createAwsClients({ region: 'us-east-1', endpoint: `http://127.0.0.1:${String(emulator.server.port)}` });
    try {
      const topology = defineTopology(EVENT_SUBSCRIPTIONS, { prefix: uniquePrefix() });
      const error = await failureOf(lookupTopology(clients, topology, 'arn:aws:sns:us-east-1:000000000000:hexabill-events'));
      expect(error.problem).toBe('credentials');
      expect(error.transient).toBe(false);
      expect(error.message).toMatch(
        /^no AWS credentials found for SNS: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run with a role/,
      );
    } finally {
      clients.destroy();
      process.env = saved;
    }
  });
});

/**
 * What AWS answers when it refuses: fauxqs accepts any credentials and grants everything, so these
 * come from a loopback server replaying AWS's documented error responses (SNS's query protocol in
 * XML, SQS's JSON protocol with its query-compatible code). The errors are the ones the SDK itself
 * builds from those answers.
 */
interface CannedAnswer {
  readonly status: number;
  readonly code: string;
  readonly message: string;
  /** SQS's JSON `__type`; SNS answers in XML. */
  readonly jsonType?: string;
}

async function startCannedAws(answers: {
  sns?: CannedAnswer;
  sqs?: CannedAnswer;
}): Promise<{ endpoint: string; close: () => Promise<void> }> {
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    req.on('end', () => {
      const isSqs = typeof req.headers['x-amz-target'] === 'string';
      const answer = isSqs ? answers.sqs : answers.sns;
      if (!answer) {
        // SNS GetTopicAttributes succeeding, so the lookup goes on to the queues.
        res.writeHead(200, { 'Content-Type': 'text/xml' });
        res.end(
          '<GetTopicAttributesResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><GetTopicAttributesResult><Attributes/></GetTopicAttributesResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetTopicAttributesResponse>',
        );
        return;
      }
      if (isSqs) {
        res.writeHead(answer.status, { 'Content-Type': 'application/x-amz-json-1.0', 'x-amzn-query-error': `${answer.code};Sender` });
        res.end(JSON.stringify({ __type: answer.jsonType ?? `com.amazonaws.sqs#${answer.code}`, message: answer.message }));
      } else {
        res.writeHead(answer.status, { 'Content-Type': 'text/xml' });
        res.end(
          `<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>Sender</Type><Code>${answer.code}</Code><Message>${answer.message}</Message></Error><RequestId>r</RequestId></ErrorResponse>`,
        );
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = address && typeof address === 'object' ? address.port : 0;
  return {
    endpoint: `http://127.0.0.1:${String(port)}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}

describe('AWS refusing the call', () => {
  const topology = defineTopology(EVENT_SUBSCRIPTIONS, { prefix: 'hexabill' });
  const arn = 'arn:aws:sns:us-east-1:123456789012:hexabill-events';

  async function lookUpAgainst(answers: { sns?: CannedAnswer; sqs?: CannedAnswer }): Promise<StartupError> {
    const aws = await startCannedAws(answers);
    try {
      return await withClients(aws.endpoint, (clients) => failureOf(lookupTopology(clients, topology, arn)));
    } finally {
      await aws.close();
    }
  }

  it.each([
    [
      'an unknown access key',
      { status: 403, code: 'InvalidClientTokenId', message: 'The security token included in the request is invalid.' },
      'credentials',
      /^AWS rejected the credentials \(InvalidClientTokenId\) for SNS GetTopicAttributes on .*: check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY/,
    ],
    [
      'a wrong secret',
      {
        status: 403,
        code: 'SignatureDoesNotMatch',
        message: 'The request signature we calculated does not match the signature you provided.',
      },
      'credentials',
      /^AWS rejected the credentials \(SignatureDoesNotMatch\)/,
    ],
    [
      'expired session credentials',
      { status: 403, code: 'ExpiredToken', message: 'The security token included in the request is expired' },
      'credentials',
      /^the AWS credentials have expired \(ExpiredToken\)/,
    ],
    [
      'a role without the permission',
      {
        status: 403,
        code: 'AuthorizationError',
        message: 'User: arn:aws:sts::123456789012:assumed-role/worker is not authorized to perform: SNS:GetTopicAttributes',
      },
      'access-denied',
      /^access denied \(AuthorizationError\): the AWS identity in use may not call SNS GetTopicAttributes on arn:aws:sns:us-east-1:123456789012:hexabill-events; grant sns:GetTopicAttributes/,
    ],
  ] as const)('SNS: %s', async (_case, answer, problem, message) => {
    const error = await lookUpAgainst({ sns: answer });
    expect(error.problem).toBe(problem);
    expect(error.transient).toBe(false);
    expect(error.message).toMatch(message);
  });

  it.each([
    [
      'an unrecognised access key',
      {
        status: 400,
        code: 'InvalidClientTokenId',
        jsonType: 'com.amazon.coral.service#UnrecognizedClientException',
        message: 'The security token included in the request is invalid.',
      },
      'credentials',
      /^AWS rejected the credentials \(InvalidClientTokenId\) for SQS GetQueueUrl on hexabill-/,
    ],
    [
      'a role without the permission',
      {
        status: 400,
        code: 'AccessDenied',
        jsonType: 'com.amazon.coral.service#AccessDeniedException',
        message: 'User: arn:aws:sts::123456789012:assumed-role/worker is not authorized to perform: sqs:getqueueurl',
      },
      'access-denied',
      /^access denied \(AccessDenied\): the AWS identity in use may not call SQS GetQueueUrl on hexabill-.*; grant sqs:GetQueueUrl/,
    ],
    [
      'a queue that does not exist',
      {
        status: 400,
        code: 'AWS.SimpleQueueService.NonExistentQueue',
        jsonType: 'com.amazonaws.sqs#QueueDoesNotExist',
        message: 'The specified queue does not exist.',
      },
      'not-found',
      /^SQS queues "hexabill-billing-process-invoice-payment", .* do not exist/,
    ],
  ] as const)('SQS: %s', async (_case, answer, problem, message) => {
    const error = await lookUpAgainst({ sqs: answer });
    expect(error.problem).toBe(problem);
    expect(error.transient).toBe(false);
    expect(error.message).toMatch(message);
  });

  it.each([
    ['throttling', { status: 400, code: 'Throttling', message: 'Rate exceeded' }, /^SNS is throttling GetTopicAttributes \(Throttling\)/],
    [
      'an internal error',
      { status: 500, code: 'InternalError', message: 'We encountered an internal error. Please try again.' },
      /^SNS answered GetTopicAttributes with InternalError \(HTTP 500\)/,
    ],
  ] as const)('SNS %s is worth waiting out', async (_case, answer, message) => {
    const error = await lookUpAgainst({ sns: answer });
    expect(error.problem).toBe('unavailable');
    expect(error.transient).toBe(true);
    expect(error.message).toMatch(message);
  });
});
