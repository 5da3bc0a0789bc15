import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createKnex } from '@hexabill/adapter-postgres';
import { createMigratedDatabase, dropDatabase } from '@hexabill/adapter-postgres/testing';
import { Principals, type Logger } from '@hexabill/core';
import { RecordingLogger } from '@hexabill/core/testing';
import { startFauxqs, type FauxqsServer } from 'fauxqs';
import type { Container } from 'inversify';
import { inject } from 'vitest';
import { buildContainer, loadConfig, TOKENS, type Worker } from '../../src/index.js';

const appRoot = join(dirname(fileURLToPath(import.meta.url)), '../..');

export interface Infrastructure {
  readonly databaseUrl: string;
  readonly awsEndpoint: string;
  readonly fauxqs: FauxqsServer;
  /** Environment every process of this test file shares (database, emulator, fast timings). */
  env(overrides?: Record<string, string>): Record<string, string>;
  stop(): Promise<void>;
}

/** A database of this file's own and fauxqs in-process, with a unique messaging prefix. */
export async function startInfrastructure(): Promise<Infrastructure> {
  const server = inject('postgresServerUrl');
  const name = `hexabill_test_e2e_${randomBytes(5).toString('hex')}`;
  const databaseUrl = await createMigratedDatabase(server, name);
  const fauxqs = await startFauxqs({ port: 0, logger: false });
  const awsEndpoint = `http://127.0.0.1:${fauxqs.port}`;
  const prefix = `e2e${randomBytes(3).toString('hex')}`;
  return {
    databaseUrl,
    awsEndpoint,
    fauxqs,
    env: (overrides = {}) => ({
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      HOST: '127.0.0.1',
      PORT: '0',
      DATABASE_URL: databaseUrl,
      AWS_ENDPOINT: awsEndpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      MESSAGING_PREFIX: prefix,
      SCRYPT_LOG2N: '10',
      SQS_WAIT_TIME_SECONDS: '1',
      SQS_VISIBILITY_TIMEOUT_SECONDS: '3',
      SQS_HEARTBEAT_SECONDS: '1',
      RELAY_IDLE_WAIT_MS: '200',
      SIMULATED_GATEWAY_LATENCY_MS: '0',
      SHUTDOWN_TIMEOUT_MS: '10000',
      METRICS_PORT: '0',
      JWT_SECRET: 'an-e2e-test-secret-of-enough-length-0123456789',
      ...overrides,
    }),
    stop: async () => {
      await fauxqs.stop();
      await dropDatabase(server, name);
    },
  };
}

export interface System {
  readonly baseUrl: string;
  /** The process's Prometheus scrape URL (METRICS_PORT). */
  readonly metricsUrl: string;
  readonly container: Container;
  readonly logger: RecordingLogger;
  readonly worker: Worker | undefined;
  /** For the tests' own checks of the database. */
  readonly knex: ReturnType<typeof createKnex>;
  stop(): Promise<void>;
}

/** The composed app in this process: real HTTP on a random port, real PostgreSQL, fauxqs. */
export async function startSystem(
  infra: Infrastructure,
  options: { env?: Record<string, string>; worker?: boolean; override?: (c: Container) => void } = {},
): Promise<System> {
  const config = loadConfig(infra.env(options.env));
  const logger = new RecordingLogger();
  const container = buildContainer(config, (c) => {
    c.rebind<Logger>(TOKENS.logger).toConstantValue(logger);
    options.override?.(c);
  });
  const api = container.get(TOKENS.api);
  const { url, metricsUrl } = await api.start();
  const worker = options.worker === false ? undefined : await container.getAsync(TOKENS.worker);
  await worker?.start();
  const knex = createKnex({ connectionString: config.DATABASE_URL ?? '', poolMax: 2 });
  return {
    baseUrl: url,
    metricsUrl,
    container,
    logger,
    worker,
    knex,
    stop: async () => {
      await api.stop();
      await worker?.stop();
      await container.unbindAllAsync();
      await knex.destroy();
    },
  };
}

export interface Client {
  call(
    method: string,
    path: string,
    init?: { body?: unknown; token?: string; headers?: Record<string, string> },
  ): Promise<{ status: number; body: any; headers: Headers }>;
}

export function client(baseUrl: string): Client {
  return {
    call: async (method, path, init = {}) => {
      const headers: Record<string, string> = { ...init.headers };
      if (init.token) headers.Authorization = `Bearer ${init.token}`;
      if (init.body !== undefined) headers['Content-Type'] = 'application/json';
      const response = await fetch(`${baseUrl}${path}`, {
        method,
        headers,
        ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
    },
  };
}

/** An admin straight through the use case (as `npm start` makes its development admin). */
export async function createAdmin(
  system: System,
  email = `admin-${randomBytes(3).toString('hex')}@example.com`,
): Promise<{ email: string; password: string }> {
  const password = 'admin-password-123';
  const made = await system.container
    .get(TOKENS.useCases)
    .registerUser.execute({ email, name: 'Admin', password, role: 'admin' }, { principal: Principals.system() });
  if (made.isErr()) throw new Error(made.error.message);
  return { email, password };
}

export async function login(c: Client, email: string, password: string): Promise<string> {
  const res = await c.call('POST', '/api/v1/auth/token', { body: { email, password } });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.access_token as string;
}

export interface SpawnedProcess {
  readonly child: ChildProcess;
  readonly output: string[];
  /** The first log line whose message is `message`. */
  waitForLog(message: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  exit(): Promise<number | null>;
}

/** Runs an entrypoint (`api`, `worker`) as a child process with `env`, collecting its JSON log lines. */
export function spawnEntrypoint(name: 'api' | 'worker', env: Record<string, string>): SpawnedProcess {
  const child = spawn(process.execPath, [join(appRoot, 'dist', 'entrypoints', `${name}.js`)], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  let buffered = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    output.push(...lines);
  });
  child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      resolve(code);
    }),
  );
  return {
    child,
    output,
    exit: () => exited,
    waitForLog: async (message, timeoutMs = 20_000) => {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        for (const line of output) {
          if (!line.startsWith('{')) continue;
          const entry = JSON.parse(line) as Record<string, unknown>;
          if (entry.message === message) return entry;
        }
        if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}:\n${output.join('\n')}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`no "${message}" from ${name} within ${timeoutMs} ms:\n${output.join('\n')}`);
    },
  };
}

export interface FakeGatewayServer {
  readonly url: string;
  /** Distinct charges taken, by idempotency key (declines are not charges). */
  readonly charges: Map<string, { chargeId: string; amount: string }>;
  /** Distinct refunds, by charge id. */
  readonly refunds: Map<string, { refundId: string; amount: string }>;
  /** The idempotency key of every charge request, in arrival order (repeats included). */
  readonly requests: string[];
  /** Calls `listener` with the key of each charge request as it arrives (after the charge is taken, unless held). */
  onCharge(listener: (key: string) => void): void;
  /** Holds charge requests: they are neither taken nor answered until `release()`, as a provider slow to charge. */
  hold(): void;
  release(): void;
  /** Charge requests waiting for `release()`. */
  readonly held: number;
  close(): Promise<void>;
}

/**
 * A payment provider's API on loopback (for PAYMENT_GATEWAY=http), speaking what HttpPaymentGateway
 * expects: POST /charges (idempotent per key; amounts with 13 cents are declined, 402), GET
 * /charges/{key} (the charge's answer, or 404), POST /refunds (idempotent per key). Answers after
 * `delayMs`; a charge is taken when its request arrives, whether or not the caller lives to see the answer.
 */
export async function startFakeGateway(options: { delayMs?: number } = {}): Promise<FakeGatewayServer> {
  const delayMs = options.delayMs ?? 0;
  const charges = new Map<string, { chargeId: string; amount: string }>();
  const declines = new Set<string>();
  const refunds = new Map<string, { refundId: string; amount: string }>();
  const refundKeys = new Map<string, { refundId: string; amount: string }>();
  const requests: string[] = [];
  const listeners: ((key: string) => void)[] = [];
  let holding = false;
  let heldRequests: (() => void)[] = [];

  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const send = (status: number, answer: object): void => {
        setTimeout(() => {
          if (res.destroyed) return;
          res.writeHead(status, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify(answer));
        }, delayMs);
      };
      const key = String(req.headers['idempotency-key'] ?? '');
      const lookup = /^\/charges\/([^/]+)$/.exec(req.url ?? '');
      if (req.method === 'GET' && lookup?.[1]) {
        const asked = decodeURIComponent(lookup[1]);
        const charge = charges.get(asked);
        if (charge) send(200, { charge_id: charge.chargeId });
        else if (declines.has(asked)) send(402, { reason: 'card_declined' });
        else send(404, { error: 'no charge with this key' });
        return;
      }
      if (req.method === 'POST' && req.url === '/refunds') {
        const { charge_id: chargeId, amount } = JSON.parse(body) as { charge_id: string; amount: string };
        const known = [...charges.values()].some((c) => c.chargeId === chargeId);
        if (!known) {
          send(404, { error: 'no such charge' });
          return;
        }
        const refund = refundKeys.get(key) ?? { refundId: `re_${refundKeys.size + 1}`, amount };
        refundKeys.set(key, refund);
        refunds.set(chargeId, refund);
        send(200, { refund_id: refund.refundId });
        return;
      }
      const take = (): void => {
        requests.push(key);
        const { amount } = JSON.parse(body) as { amount: string };
        if (amount.endsWith('.13')) declines.add(key);
        else if (!charges.has(key)) charges.set(key, { chargeId: `ch_${charges.size + 1}`, amount });
        for (const listener of listeners) listener(key);
        const charge = charges.get(key);
        if (charge) send(200, { charge_id: charge.chargeId });
        else send(402, { reason: 'card_declined' });
      };
      if (holding) heldRequests.push(take);
      else take();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = address && typeof address === 'object' ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    charges,
    refunds,
    requests,
    onCharge: (listener) => {
      listeners.push(listener);
    },
    hold: () => {
      holding = true;
    },
    release: () => {
      holding = false;
      const waiting = heldRequests;
      heldRequests = [];
      for (const take of waiting) take();
    },
    get held() {
      return heldRequests.length;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}

export async function waitFor<T>(probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await probe();
  while (!accept(last)) {
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms; last value: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    last = await probe();
  }
  return last;
}
