import type { SqsWorker } from '@hexabill/adapter-aws';
import type { RequestObservation } from '@hexabill/adapter-http';
import type { KnexOutboxStore } from '@hexabill/adapter-postgres';
import type { Knex } from 'knex';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** tarn's pool, as knex holds it. */
interface PoolStats {
  numUsed(): number;
  numFree(): number;
  numPendingAcquires(): number;
}

function poolOf(knex: Knex): PoolStats | undefined {
  return (knex.client as { pool?: PoolStats }).pool;
}

/** The database pool's connections in use, idle and waited for, read at scrape time. */
function registerPoolGauges(registry: Registry, knex: Knex): void {
  new Gauge({
    name: 'hexabill_db_pool_connections',
    help: 'Database pool connections by state (in_use, idle, waiting = acquires queued).',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const pool = poolOf(knex);
      this.set({ state: 'in_use' }, pool?.numUsed() ?? 0);
      this.set({ state: 'idle' }, pool?.numFree() ?? 0);
      this.set({ state: 'waiting' }, pool?.numPendingAcquires() ?? 0);
    },
  });
}

export interface ApiMetrics {
  readonly registry: Registry;
  observe(observation: RequestObservation): void;
}

/** `/metrics` of the API: request durations by route and status, and the pool. */
export function createApiMetrics(knex: Knex): ApiMetrics {
  const registry = new Registry();
  const duration = new Histogram({
    name: 'hexabill_http_request_duration_seconds',
    help: 'HTTP request duration by method, route pattern and status.',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  registerPoolGauges(registry, knex);
  return {
    registry,
    observe: (o) => {
      duration.observe({ method: o.method, route: o.route, status: String(o.status) }, o.durationMs / 1000);
    },
  };
}

/** `/metrics` of the worker: messages by consumer and outcome, outbox lag, and the pool. */
export function createWorkerMetrics(knex: Knex, outbox: KnexOutboxStore, worker: SqsWorker): Registry {
  const registry = new Registry();
  new Counter({
    name: 'hexabill_consumer_messages_total',
    help: 'Messages handled by each consumer, by outcome (handled, duplicate, ignored, failed, rejected).',
    labelNames: ['consumer', 'outcome'],
    registers: [registry],
    collect() {
      // The consumers keep the counts; the counter reports their sums (monotonic, as counters must be).
      this.reset();
      for (const consumer of worker.consumers) {
        for (const [outcome, value] of Object.entries(consumer.counters) as [string, number][])
          this.inc({ consumer: consumer.consumer, outcome }, value);
      }
    },
  });
  // One read of the outbox per scrape sets both gauges; the age gauge is registered after, so it
  // is serialized after this collect ran.
  const oldest = new Gauge({
    name: 'hexabill_outbox_oldest_unpublished_age_seconds',
    help: 'Age of the oldest unpublished outbox row (0 when none).',
    registers: [],
  });
  new Gauge({
    name: 'hexabill_outbox_unpublished',
    help: 'Outbox rows not yet published.',
    registers: [registry],
    async collect() {
      const lag = await outbox.lag();
      this.set(lag.unpublished);
      oldest.set(lag.oldestAgeSeconds);
    },
  });
  registry.registerMetric(oldest);
  registerPoolGauges(registry, knex);
  return registry;
}
