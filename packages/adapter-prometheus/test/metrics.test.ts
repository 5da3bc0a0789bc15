import { describe, expect, it } from 'vitest';
import {
  Registry,
  registerConsumerMetrics,
  registerHttpMetrics,
  registerOutboxMetrics,
  registerPoolMetrics,
  startMetricsServer,
} from '../src/index.js';

const pool = { stats: () => ({ inUse: 2, idle: 3, waiting: 1 }) };

describe('Prometheus metrics', () => {
  it('serve a registry on its own port: request durations by route and the pool', async () => {
    const registry = new Registry();
    registerPoolMetrics(registry, pool);
    registerHttpMetrics(registry)({ method: 'POST', route: '/api/v1/invoices', status: 201, durationMs: 12 });
    const server = await startMetricsServer(registry, '127.0.0.1', 0);
    try {
      const text = await (await fetch(server.url)).text();
      expect(text).toContain('hexabill_http_request_duration_seconds_count{method="POST",route="/api/v1/invoices",status="201"} 1');
      expect(text).toContain('hexabill_db_pool_connections{state="in_use"} 2');
      expect(text).toContain('hexabill_db_pool_connections{state="waiting"} 1');
      expect((await fetch(server.url.replace('/metrics', '/other'))).status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it('report the worker: messages by consumer and outcome, and the outbox lag from one read', async () => {
    const registry = new Registry();
    let reads = 0;
    registerConsumerMetrics(registry, {
      consumers: [{ consumer: 'billing.process-invoice-payment', counters: { handled: 4, failed: 1 } }],
    });
    registerOutboxMetrics(registry, {
      lag: () => {
        reads += 1;
        return Promise.resolve({ unpublished: 7, oldestAgeSeconds: 1.5 });
      },
    });
    const text = await registry.metrics();
    expect(text).toContain('hexabill_consumer_messages_total{consumer="billing.process-invoice-payment",outcome="handled"} 4');
    expect(text).toContain('hexabill_outbox_unpublished 7');
    expect(text).toContain('hexabill_outbox_oldest_unpublished_age_seconds 1.5');
    expect(reads).toBe(1);
  });
});
