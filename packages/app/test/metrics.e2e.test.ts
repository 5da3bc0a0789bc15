import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  client,
  createAdmin,
  login,
  startInfrastructure,
  startSystem,
  waitFor,
  type Infrastructure,
  type System,
} from './support/system.js';

let infra: Infrastructure;
let system: System;
beforeAll(async () => {
  infra = await startInfrastructure();
  system = await startSystem(infra);
});
afterAll(async () => {
  await system.stop();
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
});
