import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  client,
  createAdmin,
  login,
  startFakeGateway,
  startInfrastructure,
  startSystem,
  waitFor,
  type FakeGatewayServer,
  type Infrastructure,
  type System,
} from './support/system.js';

let infra: Infrastructure;
let gateway: FakeGatewayServer;
let system: System;
beforeAll(async () => {
  infra = await startInfrastructure();
  // A provider that declines amounts ending in 13 cents, so both results can be seen.
  gateway = await startFakeGateway();
  system = await startSystem(infra, {
    env: { PAYMENT_GATEWAY: 'http', PAYMENT_GATEWAY_URL: gateway.url, LOGIN_MAX_ATTEMPTS_PER_ACCOUNT_AND_ADDRESS: '2' },
  });
});
afterAll(async () => {
  await system.stop();
  await gateway.close();
  await infra.stop();
});

/** The value of one sample line, e.g. value(text, 'hexabill_outbox_unpublished') or with labels. */
function value(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : Number.NaN;
}

describe('Prometheus metrics', () => {
  it('move with traffic on the API and the worker', async () => {
    const api = client(system.baseUrl);
    const apiMetrics = async () => (await fetch(system.metricsUrl)).text();
    const workerMetrics = apiMetrics;

    const admin = await createAdmin(system);
    const token = await login(api, admin.email, admin.password);
    const before = await apiMetrics();
    const series = 'hexabill_http_request_duration_seconds_count{method="POST",route="/api/v1/invoices",status="201"}';
    const user = await api.call('POST', '/api/v1/users', {
      body: { email: `m-${Date.now()}@example.com`, name: 'M', password: 'a-long-password' },
    });
    for (let i = 0; i < 3; i += 1) await api.call('POST', '/api/v1/invoices', { token, body: { user_id: user.body.id, amount: '1.00' } });
    const after = await apiMetrics();
    expect((Number.isNaN(value(before, series)) ? 0 : value(before, series)) + 3).toBe(value(after, series));
    expect(after).toContain('hexabill_db_pool_connections{state="idle"}');

    const handled = 'hexabill_consumer_messages_total{consumer="audit.invoice-events",outcome="handled"}';
    const seen = await waitFor(workerMetrics, (text) => value(text, handled) >= 3);
    expect(value(seen, handled)).toBeGreaterThanOrEqual(3);
    expect(value(seen, 'hexabill_outbox_unpublished')).toBeGreaterThanOrEqual(0);
    expect(seen).toContain('hexabill_outbox_oldest_unpublished_age_seconds');
    expect(seen).toContain('hexabill_db_pool_connections{state="in_use"}');
  });

  it('tell a paid charge from a declined one, time the provider and the handlers, count publishes, 429s and idempotent replays, and carry the runtime', async () => {
    const api = client(system.baseUrl);
    const scrape = async () => (await fetch(system.metricsUrl)).text();
    const admin = await createAdmin(system);
    const token = await login(api, admin.email, admin.password);
    const user = await api.call('POST', '/api/v1/users', {
      body: { email: `p-${Date.now()}@example.com`, name: 'P', password: 'a-long-password' },
    });
    const pay = async (amount: string): Promise<string> => {
      const invoice = await api.call('POST', '/api/v1/invoices', { token, body: { user_id: user.body.id, amount } });
      expect((await api.call('POST', `/api/v1/invoices/${String(invoice.body.id)}/request-payment`, { token })).status).toBe(202);
      return String(invoice.body.id);
    };
    const paid = await pay('10.00');
    const declined = await pay('10.13');
    for (const [id, status] of [
      [paid, 'paid'],
      [declined, 'payment_failed'],
    ] as const) {
      await waitFor(
        async () => (await api.call('GET', `/api/v1/invoices/${id}`, { token })).body.status as string,
        (s) => s === status,
      );
    }
    const seen = await waitFor(scrape, (text) => value(text, 'hexabill_payments_total{result="declined"}') >= 1);
    expect(value(seen, 'hexabill_payments_total{result="succeeded"}')).toBeGreaterThanOrEqual(1);
    expect(value(seen, 'hexabill_payment_gateway_duration_seconds_count{operation="charge",outcome="declined"}')).toBeGreaterThanOrEqual(1);
    expect(
      value(seen, 'hexabill_handler_duration_seconds_count{consumer="billing.process-invoice-payment",outcome="handled"}'),
    ).toBeGreaterThanOrEqual(2);
    expect(value(seen, 'hexabill_relay_published_total')).toBeGreaterThanOrEqual(4);
    expect(value(seen, 'hexabill_relay_publish_failures_total')).toBe(0);
    for (const runtime of [
      'nodejs_eventloop_lag_seconds',
      'nodejs_heap_size_used_bytes',
      'process_resident_memory_bytes',
      'nodejs_gc_duration_seconds_count',
    ]) {
      expect(seen, runtime).toMatch(new RegExp(`^${runtime}[ {]`, 'm'));
    }

    // Rate limited: wrong passwords past the limit of two attempts per account and address.
    const wrong = { email: admin.email, password: 'not-the-password' };
    const statuses = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await api.call('POST', '/api/v1/auth/token', { body: wrong })).status);
    const limited = statuses.filter((status) => status === 429).length;
    expect(limited).toBeGreaterThanOrEqual(1);
    // Replayed: the same Idempotency-Key and body twice.
    const headers = { 'Idempotency-Key': `metrics-${Date.now()}` };
    const body = { user_id: user.body.id, amount: '2.00' };
    await api.call('POST', '/api/v1/invoices', { token, body, headers });
    expect((await api.call('POST', '/api/v1/invoices', { token, body, headers })).headers.get('idempotent-replayed')).toBe('true');
    const after = await scrape();
    expect(value(after, 'hexabill_http_rate_limited_total{route="/api/v1/auth/token"}')).toBe(limited);
    expect(value(after, 'hexabill_idempotent_replays_total{route="/api/v1/invoices"}')).toBe(1);
  });
});
