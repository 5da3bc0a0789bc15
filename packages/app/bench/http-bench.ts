/**
 * The composed system under HTTP load, beside a bare Hono + pg baseline doing the same SQL per
 * request, in the same run, on the same embedded PostgreSQL:
 *   GET  /api/v1/users/{id}                      target ≥ 90% of the baseline's req/s
 *   POST /api/v1/invoices                        target ≥ 80%
 *   POST /api/v1/invoices/{id}/request-payment   target ≥ 80%
 * and request-payment → `paid` latency (p50, p99) through relay → SNS → SQS → worker on fauxqs,
 * measured one payment at a time (target: p50 < 100 ms on an idle machine).
 *
 *   npm run bench --workspace @hexabill/app     (DURATION=5 seconds per load, CONNECTIONS=20)
 */
import 'reflect-metadata';
import { serve } from '@hono/node-server';
import { createMigratedDatabase, startTestPostgres } from '@hexabill/adapter-postgres/testing';
import { Principals, UuidV7Generator } from '@hexabill/core';
import autocannon from 'autocannon';
import { startFauxqs } from 'fauxqs';
import { Hono } from 'hono';
import type { Knex } from 'knex';
import pg from 'pg';
import { buildContainer, loadConfig, startApi, startWorker, TOKENS } from '../src/index.js';

const DURATION = Number(process.env.DURATION ?? 5);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 20);
const PAYMENTS = Number(process.env.PAYMENTS ?? 40);
const ids = new UuidV7Generator();

interface Load {
  readonly rps: number;
  readonly p99: number;
  readonly non2xx: number;
}

async function load(
  url: string,
  request: { method: 'GET' | 'POST'; headers?: Record<string, string>; body?: string; path: () => string },
): Promise<Load> {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: DURATION,
    requests: [
      {
        method: request.method,
        ...(request.headers ? { headers: request.headers } : {}),
        ...(request.body ? { body: request.body } : {}),
        setupRequest: (req) => ({ ...req, path: request.path() }),
      },
    ],
  });
  return { rps: result.requests.average, p99: result.latency.p99, non2xx: result.non2xx };
}

/** Pending invoices inserted straight into the table, one per request-payment call to come. */
async function pendingInvoices(knex: Knex, userId: string, count: number): Promise<string[]> {
  const rows = Array.from({ length: count }, () => ({
    id: ids.next(),
    user_id: userId,
    amount: '10.00',
    currency: 'USD',
    status: 'pending',
    created_at: new Date(),
    updated_at: new Date(),
    version: 1,
  }));
  for (let i = 0; i < rows.length; i += 1_000) await knex('invoices').insert(rows.slice(i, i + 1_000));
  return rows.map((r) => r.id);
}

/** The baseline: Hono and a pg pool, the same statements per request, no auth, no validation, no logging. */
function baselineApp(pool: pg.Pool): Hono {
  const app = new Hono();
  app.get('/users/:id', async (c) => {
    const { rows } = await pool.query('SELECT * FROM users WHERE id = $1', [c.req.param('id')]);
    return rows[0] ? c.json(rows[0]) : c.json({}, 404);
  });
  app.post('/invoices', async (c) => {
    const body = await c.req.json<{ user_id: string; amount: string }>();
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT * FROM users WHERE id = $1', [body.user_id]);
      const id = ids.next();
      const now = new Date();
      const { rows } = await client.query(
        "INSERT INTO invoices (id, user_id, amount, currency, status, created_at, updated_at, version) VALUES ($1, $2, $3, 'USD', 'pending', $4, $4, 1) RETURNING *",
        [id, body.user_id, body.amount, now],
      );
      await client.query(
        "INSERT INTO outbox (event_id, event_type, event_version, aggregate_type, aggregate_id, occurred_at, payload, headers) VALUES ($1, 'invoice.created', 1, 'invoice', $2, $3, $4, '{}')",
        [ids.next(), id, now, JSON.stringify({ invoice_id: id })],
      );
      await client.query('COMMIT');
      return c.json(rows[0], 201);
    } finally {
      client.release();
    }
  });
  app.post('/invoices/:id/request-payment', async (c) => {
    const id = c.req.param('id');
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<{ version: number; payment_attempt: number }>('SELECT * FROM invoices WHERE id = $1', [id]);
      const invoice = rows[0];
      if (!invoice) {
        await client.query('ROLLBACK');
        return c.json({}, 404);
      }
      const now = new Date();
      const updated = await client.query(
        "UPDATE invoices SET status = 'payment_requested', payment_attempt = $1, updated_at = $2, version = $3 WHERE id = $4 AND version = $5 RETURNING *",
        [invoice.payment_attempt + 1, now, invoice.version + 1, id, invoice.version],
      );
      await client.query(
        "INSERT INTO outbox (event_id, event_type, event_version, aggregate_type, aggregate_id, occurred_at, payload, headers) VALUES ($1, 'invoice.payment_requested', 1, 'invoice', $2, $3, $4, '{}')",
        [ids.next(), id, now, JSON.stringify({ invoice_id: id })],
      );
      await client.query('COMMIT');
      return c.json(updated.rows[0], 202);
    } finally {
      client.release();
    }
  });
  return app;
}

const pct = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};

const server = await startTestPostgres();
const fauxqs = await startFauxqs({ port: 0, logger: false });
try {
  const databaseUrl = await createMigratedDatabase(server.url, 'hexabill_test_bench');
  const config = loadConfig({
    NODE_ENV: 'test',
    // Access logs would put one stdout line per request on one side only; errors still show.
    LOG_LEVEL: 'warn',
    PORT: '0',
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_MAX: '20',
    AWS_ENDPOINT: `http://127.0.0.1:${fauxqs.port}`,
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    SCRYPT_LOG2N: '14',
    LOGIN_MAX_ATTEMPTS_PER_ACCOUNT: '100',
    LOGIN_MAX_ATTEMPTS_PER_ADDRESS: '1000',
    SQS_WAIT_TIME_SECONDS: '10',
    SIMULATED_GATEWAY_LATENCY_MS: '0',
    JWT_SECRET: 'a-benchmark-secret-that-is-long-enough-0123456789',
  });
  const container = buildContainer(config);
  const knex = container.get<Knex>(TOKENS.knex);
  const useCases = container.get(TOKENS.useCases);
  const system = Principals.system();
  const admin = (
    await useCases.registerUser.execute(
      { email: 'bench-admin@example.com', name: 'Admin', password: 'bench-password', role: 'admin' },
      { principal: system },
    )
  )._unsafeUnwrap();
  const user = (
    await useCases.registerUser.execute(
      { email: 'bench-user@example.com', name: 'User', password: 'bench-password' },
      { principal: system },
    )
  )._unsafeUnwrap();
  const jwt = container.get(TOKENS.jwt);
  const adminAuth = { Authorization: `Bearer ${(await jwt.issue({ userId: admin.id, role: 'admin' })).accessToken}` };

  const api = await startApi(container, { closeDatabase: false });
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 20 });
  pool.on('error', () => undefined);
  const baseline = serve({ fetch: baselineApp(pool).fetch, hostname: '127.0.0.1', port: 0 });
  await new Promise((resolve) => baseline.once('listening', resolve));
  const baselinePort = (baseline.address() as { port: number }).port;
  const baselineUrl = `http://127.0.0.1:${baselinePort}`;

  const invoiceBody = JSON.stringify({ user_id: user.id, amount: '12.34' });
  const json = { 'Content-Type': 'application/json' };
  const results: { name: string; target: number; ours: Load; base: Load }[] = [];

  // Warm both up (JIT, pools) before measuring.
  await load(api.server.url, { method: 'GET', headers: adminAuth, path: () => `/api/v1/users/${user.id}` });
  await load(baselineUrl, { method: 'GET', path: () => `/users/${user.id}` });

  results.push({
    name: 'GET /api/v1/users/{id}',
    target: 0.9,
    ours: await load(api.server.url, { method: 'GET', headers: adminAuth, path: () => `/api/v1/users/${user.id}` }),
    base: await load(baselineUrl, { method: 'GET', path: () => `/users/${user.id}` }),
  });
  results.push({
    name: 'POST /api/v1/invoices',
    target: 0.8,
    ours: await load(api.server.url, {
      method: 'POST',
      headers: { ...adminAuth, ...json },
      body: invoiceBody,
      path: () => '/api/v1/invoices',
    }),
    base: await load(baselineUrl, { method: 'POST', headers: json, body: invoiceBody, path: () => '/invoices' }),
  });
  const enough = 40_000;
  const oursPending = await pendingInvoices(knex, user.id, enough);
  const basePending = await pendingInvoices(knex, user.id, enough);
  results.push({
    name: 'POST /api/v1/invoices/{id}/request-payment',
    target: 0.8,
    ours: await load(api.server.url, {
      method: 'POST',
      headers: adminAuth,
      path: () => `/api/v1/invoices/${oursPending.pop() ?? ''}/request-payment`,
    }),
    base: await load(baselineUrl, { method: 'POST', path: () => `/invoices/${basePending.pop() ?? ''}/request-payment` }),
  });

  // A failed sign-in takes as long for an unknown email as for a wrong password (scrypt either way).
  const signIn = async (email: string): Promise<number> => {
    const started = performance.now();
    const res = await fetch(`${api.server.url}/api/v1/auth/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email, password: 'not-the-password' }),
    });
    if (res.status !== 401) throw new Error(`sign-in answered ${res.status}`);
    return performance.now() - started;
  };
  const wrongPassword: number[] = [];
  const unknownEmail: number[] = [];
  for (let i = 0; i < 8; i += 1) {
    // Distinct emails and addresses stay under the login rate limits.
    wrongPassword.push(await signIn(i % 2 === 0 ? 'bench-user@example.com' : 'bench-admin@example.com'));
    unknownEmail.push(await signIn(`nobody-${i}@example.com`));
  }

  // Payment latency, one at a time, with the worker running and nothing else queued.
  await knex('outbox').whereNull('published_at').update({ published_at: knex.fn.now() });
  const worker = await startWorker(container, { closeDatabase: false });
  const toPay = await pendingInvoices(knex, user.id, PAYMENTS + 5);
  const latencies: number[] = [];
  for (const [i, id] of toPay.entries()) {
    const started = performance.now();
    const res = await fetch(`${api.server.url}/api/v1/invoices/${id}/request-payment`, { method: 'POST', headers: adminAuth });
    if (res.status !== 202) throw new Error(`request-payment answered ${res.status}`);
    for (;;) {
      const row = await knex('invoices').where({ id }).first<{ status: string } | undefined>('status');
      if (row?.status === 'paid') break;
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    if (i >= 5) latencies.push(performance.now() - started); // the first few warm the path up
  }
  await worker.stop();
  await api.stop();
  await new Promise((resolve) => baseline.close(resolve));
  await pool.end();

  console.log(`HTTP load: ${CONNECTIONS} connections, ${DURATION} s per run, loopback, one process (LOG_LEVEL=warn)`);
  console.log('endpoint                                      hexabill req/s  p99 ms | baseline req/s  p99 ms | ratio   target');
  for (const r of results) {
    const ratio = r.ours.rps / r.base.rps;
    console.log(
      `${r.name.padEnd(45)} ${r.ours.rps.toFixed(0).padStart(14)} ${r.ours.p99.toFixed(0).padStart(7)} | ${r.base.rps.toFixed(0).padStart(14)} ${r.base.p99.toFixed(0).padStart(7)} | ${(ratio * 100).toFixed(1).padStart(5)}%  ≥${r.target * 100}% ${ratio >= r.target ? 'met' : 'NOT met'}${r.ours.non2xx + r.base.non2xx > 0 ? `  (non-2xx: ${r.ours.non2xx}/${r.base.non2xx})` : ''}`,
    );
  }
  const wrongMs = pct(wrongPassword, 50);
  const unknownMs = pct(unknownEmail, 50);
  console.log(
    `failed sign-in (scrypt N=2^14 here): wrong password p50 ${wrongMs.toFixed(1)} ms, unknown email p50 ${unknownMs.toFixed(1)} ms — ratio ${(unknownMs / wrongMs).toFixed(2)}`,
  );
  const p50 = pct(latencies, 50);
  console.log(
    `request-payment → paid (${latencies.length} payments, one at a time): p50 ${p50.toFixed(1)} ms, p99 ${pct(latencies, 99).toFixed(1)} ms — target p50 < 100 ms ${p50 < 100 ? 'met' : 'NOT met'}`,
  );
} finally {
  await fauxqs.stop();
  await server.stop();
}
