import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKENS } from '../src/index.js';
import {
  client,
  createAdmin,
  login,
  spawnEntrypoint,
  startFakeGateway,
  startInfrastructure,
  startSystem,
  waitFor,
  type Client,
  type FakeGatewayServer,
  type Infrastructure,
  type SpawnedProcess,
  type System,
} from './support/system.js';

/**
 * Payments over real processes that die: the API in this process, workers as child processes that
 * are SIGKILLed, the payment provider's HTTP API on loopback, PostgreSQL and fauxqs. Whatever is
 * killed when, every invoice ends paid or payment_failed exactly once, the provider holds exactly the
 * charges of the paid invoices (less what was refunded, and only what no invoice records is refunded),
 * no invoice is left payment_requested, and nothing is left in a dead-letter queue.
 */
let infra: Infrastructure;
beforeAll(async () => {
  infra = await startInfrastructure();
});
afterAll(async () => {
  await infra.stop();
});

const CONSUMER = 'billing.process-invoice-payment';
const main = join(dirname(fileURLToPath(import.meta.url)), '../dist/entrypoints/main.js');

/** The same queue settings for every process of the file (the queues are created with them once). */
function envFor(gateway: FakeGatewayServer, reconcileAfterSeconds: number): Record<string, string> {
  return infra.env({
    PAYMENT_GATEWAY: 'http',
    PAYMENT_GATEWAY_URL: gateway.url,
    PAYMENT_GATEWAY_TIMEOUT_MS: '30000',
    PAYMENT_RECONCILE_AFTER_SECONDS: String(reconcileAfterSeconds),
    PAYMENT_RECONCILE_INTERVAL_MS: '300',
    PAYMENT_RECONCILE_RETRY_SECONDS: '1',
    SQS_VISIBILITY_TIMEOUT_SECONDS: '2',
    SQS_HEARTBEAT_SECONDS: '1',
    SQS_WAIT_TIME_SECONDS: '1',
  });
}

/** Keeps one worker process running: a killed one is replaced at once, as an orchestrator would. */
class Supervisor {
  current: SpawnedProcess;
  readonly killed: SpawnedProcess[] = [];
  #stopping = false;

  constructor(private readonly env: Record<string, string>) {
    this.current = this.#spawn();
  }

  #spawn(): SpawnedProcess {
    const worker = spawnEntrypoint('worker', this.env);
    void worker.exit().then(() => {
      if (!this.#stopping && this.current === worker) this.current = this.#spawn();
    });
    return worker;
  }

  /** SIGKILL, as the kernel's OOM killer or a lost host would: nothing gets to finish. Replaced unless `stayDown`. */
  kill(stayDown = false): void {
    if (stayDown) this.#stopping = true;
    const worker = this.current;
    if (worker.child.exitCode !== null || worker.child.signalCode !== null || this.killed.includes(worker)) return;
    this.killed.push(worker);
    worker.child.kill('SIGKILL');
  }

  /** Every line any of the workers wrote. */
  get output(): string[] {
    return [...this.killed, this.current].flatMap((w) => w.output);
  }

  async stop(): Promise<number | null> {
    this.#stopping = true;
    const worker = this.current;
    if (worker.child.exitCode !== null || worker.child.signalCode !== null) return worker.child.exitCode;
    worker.child.kill('SIGTERM');
    return worker.exit();
  }
}

interface Scene {
  readonly system: System;
  readonly api: Client;
  readonly adminToken: string;
  stop(): Promise<void>;
}

/** The API in this process, with an outbox relay of its own: a killed worker's relay lease must not hold events up. */
async function scene(env: Record<string, string>): Promise<Scene> {
  const system = await startSystem(infra, { worker: false, env });
  const relay = await system.container.getAsync(TOKENS.relay);
  relay.start();
  const api = client(system.baseUrl);
  const admin = await createAdmin(system);
  return {
    system,
    api,
    adminToken: await login(api, admin.email, admin.password),
    stop: async () => {
      await relay.stop();
      await system.stop();
    },
  };
}

async function aPayer(s: Scene): Promise<{ id: string; token: string }> {
  const email = `payer-${randomBytes(4).toString('hex')}@example.com`;
  const registered = await s.api.call('POST', '/api/v1/users', { body: { email, name: 'Payer', password: 'a-long-password' } });
  expect(registered.status).toBe(201);
  return { id: registered.body.id as string, token: await login(s.api, email, 'a-long-password') };
}

async function anInvoice(s: Scene, userId: string, amount: string): Promise<string> {
  const created = await s.api.call('POST', '/api/v1/invoices', { token: s.adminToken, body: { user_id: userId, amount } });
  expect(created.status).toBe(201);
  return created.body.id as string;
}

async function inParallel<T>(items: readonly T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: width }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
    }),
  );
}

async function deadLetters(s: Scene): Promise<Record<string, number>> {
  const counts = await (await s.system.container.getAsync(TOKENS.deadLetterQueues)).counts();
  return Object.fromEntries(counts.map((c) => [c.consumer, c.messages + c.inFlight]));
}

const run = promisify(execFile);
async function dlqCommand(env: Record<string, string>, ...args: string[]): Promise<Record<string, any>> {
  const { stdout } = await run(process.execPath, [main, 'dlq', ...args], {
    env: { PATH: process.env.PATH ?? '', ...env, LOG_LEVEL: 'warn' },
  });
  return JSON.parse(stdout) as Record<string, any>;
}

async function settlementEvents(s: Scene, invoiceIds: readonly string[]): Promise<Map<string, string[]>> {
  const rows: { aggregate_id: string; event_type: string }[] = await s.system
    .knex('outbox')
    .whereIn('aggregate_id', invoiceIds)
    .whereIn('event_type', ['invoice.paid', 'invoice.payment_failed'])
    .select('aggregate_id', 'event_type');
  const byInvoice = new Map<string, string[]>(invoiceIds.map((id) => [id, []]));
  for (const row of rows) byInvoice.get(row.aggregate_id)?.push(row.event_type);
  return byInvoice;
}

describe('payments with workers that die', () => {
  it('200 payments, the worker SIGKILLed at random six times: each settles exactly once, charges equal paid invoices', async () => {
    const gateway = await startFakeGateway({ delayMs: 20 });
    // Longer than a killed worker's relay lease (30 s) can hold events back: every payable invoice must
    // be paid by a worker, none settled as not charged because its message was late.
    const env = envFor(gateway, 60);
    const s = await scene(env);
    const workers = new Supervisor(env);
    try {
      await workers.current.waitForLog('worker started');
      const payer = await aPayer(s);
      // One in ten is declined by the provider (13 cents), so both endings are exercised.
      const amounts = Array.from({ length: 200 }, (_, i) => `${String(10 + i)}.${i % 10 === 3 ? '13' : '00'}`);
      const invoices: string[] = [];
      await inParallel(amounts, 8, async (amount) => {
        invoices.push(await anInvoice(s, payer.id, amount));
      });

      // Kill whichever worker sent the charge that arrives at each of six random points, spread over the run.
      const killPoints = Array.from({ length: 6 }, (_, i) => 15 + 28 * i + Math.floor(Math.random() * 10));
      gateway.onCharge(() => {
        if (gateway.requests.length === killPoints[0]) {
          killPoints.shift();
          workers.kill();
        }
      });
      await inParallel(invoices, 8, async (id) => {
        expect((await s.api.call('POST', `/api/v1/invoices/${id}/request-payment`, { token: payer.token })).status).toBe(202);
      });

      await waitFor(
        async () => Number((await s.system.knex('invoices').where({ status: 'payment_requested' }).count({ n: '*' }))[0]?.n),
        (n) => n === 0,
        90_000,
      );
      expect(workers.killed.length).toBeGreaterThanOrEqual(5);
      expect(await workers.stop()).toBe(0);

      const rows: { id: string; status: string; charge_id: string | null; amount: string }[] = await s.system
        .knex('invoices')
        .whereIn('id', invoices)
        .select('id', 'status', 'charge_id', 'amount');
      const paid = rows.filter((r) => r.status === 'paid');
      const failed = rows.filter((r) => r.status === 'payment_failed');
      expect(paid.length + failed.length).toBe(200);
      // Every payable invoice was paid; every failure is a decline.
      expect(failed.every((r) => r.amount.endsWith('.13'))).toBe(true);
      expect(paid).toHaveLength(180);

      // Exactly one settlement event each.
      const events = await settlementEvents(s, invoices);
      expect([...events.values()].filter((types) => types.length !== 1)).toEqual([]);

      // The provider holds exactly the charges of the paid invoices, each the one its invoice records.
      expect(gateway.charges.size - gateway.refunds.size).toBe(paid.length);
      for (const invoice of paid) expect(gateway.charges.get(`${invoice.id}:1`)?.chargeId).toBe(invoice.charge_id);

      const ledger: { state: string; n: string }[] = await s.system
        .knex('payment_attempts')
        .whereIn('invoice_id', invoices)
        .groupBy('state')
        .select('state', s.system.knex.raw('count(*) AS n'));
      expect(Object.fromEntries(ledger.map((l) => [l.state, Number(l.n)]))).toEqual({ succeeded: 180, declined: 20 });
      expect(await deadLetters(s)).toMatchObject({ [CONSUMER]: 0 });
    } finally {
      await workers.stop();
      await s.stop();
      await gateway.close();
    }
  });

  it('a payment whose worker is killed right after the charge on every delivery is settled by the reconciler; its dead letter is redriven harmlessly', async () => {
    const gateway = await startFakeGateway({ delayMs: 3_000 });
    const env = envFor(gateway, 6);
    const s = await scene(env);
    const workers = new Supervisor(env);
    try {
      await workers.current.waitForLog('worker started');
      const payer = await aPayer(s);
      const invoiceId = await anInvoice(s, payer.id, '99.00');
      const key = `${invoiceId}:1`;
      // The audit consumers handle the payer's and the invoice's events first: killed on every
      // delivery of the payment, a worker would otherwise take their messages down with it, five
      // times, into their own dead-letter queues.
      const created: { event_id: string }[] = await s.system
        .knex('outbox')
        .whereIn('aggregate_id', [payer.id, invoiceId])
        .select('event_id');
      await waitFor(
        async () =>
          Number(
            (
              await s.system
                .knex('processed_messages')
                .whereIn(
                  'event_id',
                  created.map((r) => r.event_id),
                )
                .count({ n: '*' })
            )[0]?.n,
          ),
        (n) => n === created.length,
        30_000,
      );
      gateway.onCharge((charged) => {
        if (charged === key) workers.kill();
      });
      expect((await s.api.call('POST', `/api/v1/invoices/${invoiceId}/request-payment`, { token: payer.token })).status).toBe(202);

      // SQS_MAX_RECEIVE_COUNT (5) deliveries, each killed; then the message goes to the dead-letter queue.
      await waitFor(
        () => deadLetters(s),
        (counts) => counts[CONSUMER] === 1,
        90_000,
      );
      expect(gateway.requests.filter((k) => k === key)).toHaveLength(5);
      expect(workers.killed).toHaveLength(5);

      // The reconciler asks the provider about the key and settles the invoice as paid, with the one charge.
      const paid = await waitFor(
        () => s.api.call('GET', `/api/v1/invoices/${invoiceId}`, { token: payer.token }),
        (r) => r.body.status === 'paid',
        30_000,
      );
      expect(paid.body.paid_at).toEqual(expect.any(String));
      expect(gateway.charges.size).toBe(1);
      expect(await s.system.knex('payment_attempts').where({ invoice_id: invoiceId }).first()).toMatchObject({
        state: 'succeeded',
        charge_id: gateway.charges.get(key)?.chargeId,
      });

      // The operator lists and redrives the dead letter; the worker sees the payment is settled and charges nothing.
      const listed = await dlqCommand(env, 'list', CONSUMER);
      expect(listed.queues).toMatchObject([{ consumer: CONSUMER, messages: 1, sample: [{ eventType: 'invoice.payment_requested' }] }]);
      expect(await dlqCommand(env, 'redrive', CONSUMER)).toEqual({ redriven: { [CONSUMER]: 1 } });
      const requested = await s.system.knex('outbox').where({ aggregate_id: invoiceId, event_type: 'invoice.payment_requested' }).first();
      await waitFor(
        () => s.system.knex('processed_messages').where({ consumer: CONSUMER, event_id: requested.event_id }).first(),
        (row) => row !== undefined,
        30_000,
      );
      expect(await deadLetters(s)).toMatchObject({ [CONSUMER]: 0 });
      // (Only this consumer's: the audit consumers' queues may hold messages the first case's kills took down.)
      expect((await dlqCommand(env, 'list', CONSUMER)).queues).toMatchObject([{ consumer: CONSUMER, messages: 0 }]);
      expect(gateway.requests.filter((k) => k === key)).toHaveLength(5);
      expect((await settlementEvents(s, [invoiceId])).get(invoiceId)).toEqual(['invoice.paid']);
    } finally {
      await workers.stop();
      await s.stop();
      await gateway.close();
    }
  });

  it('the owner retries a payment stuck since its worker died: the gateway is asked, and the lost charge is found, not repeated', async () => {
    const gateway = await startFakeGateway({ delayMs: 1_000 });
    const env = envFor(gateway, 2);
    const s = await scene(env);
    const workers = new Supervisor(env);
    try {
      await workers.current.waitForLog('worker started');
      const payer = await aPayer(s);
      const invoiceId = await anInvoice(s, payer.id, '31.00');
      const requestPayment = () => s.api.call('POST', `/api/v1/invoices/${invoiceId}/request-payment`, { token: payer.token });
      // The worker dies right after the provider took the charge, and no worker comes back (no reconciler either).
      gateway.onCharge(() => {
        workers.kill(true);
      });
      expect((await requestPayment()).status).toBe(202);
      await workers.current.exit();
      expect(gateway.charges.size).toBe(1);

      // Too early: the payment may still be under way.
      const early = await requestPayment();
      expect(early.status).toBe(409);
      expect(early.body.code).toBe('INVOICE_PAYMENT_IN_PROGRESS');

      // Past the reconcile time the retry asks the provider first: the charge went through, so the invoice is paid.
      const retried = await waitFor(requestPayment, (r) => r.status !== 409 || r.body.code !== 'INVOICE_PAYMENT_IN_PROGRESS');
      expect(retried.status).toBe(409);
      expect(retried.body.code).toBe('INVOICE_ALREADY_PAID');
      expect(await s.system.knex('invoices').where({ id: invoiceId }).first()).toMatchObject({
        status: 'paid',
        charge_id: gateway.charges.get(`${invoiceId}:1`)?.chargeId,
      });

      // A worker again: the old message comes back, finds the payment settled, and charges nothing.
      const next = spawnEntrypoint('worker', env);
      try {
        await next.waitForLog('worker started');
        const requested = await s.system.knex('outbox').where({ aggregate_id: invoiceId, event_type: 'invoice.payment_requested' }).first();
        await waitFor(
          () => s.system.knex('processed_messages').where({ consumer: CONSUMER, event_id: requested.event_id }).first(),
          (row) => row !== undefined,
          30_000,
        );
      } finally {
        next.child.kill('SIGTERM');
        expect(await next.exit()).toBe(0);
      }
      expect(gateway.requests).toEqual([`${invoiceId}:1`]);
      expect((await settlementEvents(s, [invoiceId])).get(invoiceId)).toEqual(['invoice.paid']);
      expect(await deadLetters(s)).toMatchObject({ [CONSUMER]: 0 });
    } finally {
      await workers.stop();
      await s.stop();
      await gateway.close();
    }
  });

  it('deleting a user is refused while their charge is in flight; a charge that completes after the invoice is gone is refunded and recorded', async () => {
    const gateway = await startFakeGateway();
    const env = envFor(gateway, 2);
    const s = await scene(env);
    const workers = new Supervisor(env);
    try {
      await workers.current.waitForLog('worker started');
      const payer = await aPayer(s);
      const invoiceId = await anInvoice(s, payer.id, '55.00');
      // The provider is slow to take the charge: the request waits at its door.
      gateway.hold();
      expect((await s.api.call('POST', `/api/v1/invoices/${invoiceId}/request-payment`, { token: payer.token })).status).toBe(202);
      await waitFor(
        () => Promise.resolve(gateway.held),
        (n) => n === 1,
      );

      const refused = await s.api.call('DELETE', `/api/v1/users/${payer.id}`, { token: payer.token });
      expect(refused.status).toBe(409);
      expect(refused.headers.get('content-type')).toBe('application/problem+json');
      expect(refused.body.code).toBe('USER_HAS_PAYMENT_IN_PROGRESS');

      // Past the reconcile time the provider still shows no charge for the key: the payment is settled as failed…
      await waitFor(
        async (): Promise<string | undefined> =>
          ((await s.system.knex('invoices').where({ id: invoiceId }).first()) as { status: string } | undefined)?.status,
        (status) => status === 'payment_failed',
      );
      // …so nothing is in flight any more as far as hexabill knows, and the owner may leave.
      expect((await s.api.call('DELETE', `/api/v1/users/${payer.id}`, { token: payer.token })).status).toBe(204);
      expect(await s.system.knex('invoices').where({ id: invoiceId }).first()).toBeUndefined();

      // Then the provider takes the charge after all. The money goes back, and the ledger says so.
      gateway.release();
      const entry = await waitFor(
        () => s.system.knex('payment_attempts').where({ invoice_id: invoiceId }).first(),
        (row) => row?.state === 'refunded',
      );
      const charge = gateway.charges.get(`${invoiceId}:1`);
      expect(entry).toMatchObject({ user_id: payer.id, charge_id: charge?.chargeId, detail: 'the invoice was deleted' });
      expect(gateway.refunds.get(charge?.chargeId ?? '')).toMatchObject({ refundId: entry.refund_id, amount: '55.00' });
      const warnings = workers.output.filter((line) => line.includes('"charge refunded"'));
      expect(warnings).toHaveLength(1);
      expect((await settlementEvents(s, [invoiceId])).get(invoiceId)).toEqual(['invoice.payment_failed']);
      expect(await workers.stop()).toBe(0);
      expect(await deadLetters(s)).toMatchObject({ [CONSUMER]: 0 });
    } finally {
      await workers.stop();
      await s.stop();
      await gateway.close();
    }
  });
});
