import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/**
 * The metrics of hexabill, each registered into a registry the caller owns (one per process, so the
 * API and the worker can share a scrape endpoint when they run together). What they read is
 * described here rather than imported, so this adapter depends on no other: the app hands it the
 * database pool's stats, the outbox's lag and the consumers' counters.
 */
export interface PoolStatsSource {
  stats(): { readonly inUse: number; readonly idle: number; readonly waiting: number };
}
export interface OutboxLagSource {
  lag(): Promise<{ readonly unpublished: number; readonly oldestAgeSeconds: number }>;
}
export interface ConsumerCountersSource {
  readonly consumers: readonly { readonly consumer: string; readonly counters: Readonly<Record<string, number>> }[];
}
/** One answered HTTP request. */
export interface RequestObservation {
  readonly method: string;
  readonly route: string;
  readonly status: number;
  readonly durationMs: number;
}

/** The database pool's connections in use, idle and waited for, read at scrape time. */
export function registerPoolMetrics(registry: Registry, pool: PoolStatsSource): void {
  new Gauge({
    name: 'hexabill_db_pool_connections',
    help: 'Database pool connections by state (in_use, idle, waiting = queries queued for a connection).',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const stats = pool.stats();
      this.set({ state: 'in_use' }, stats.inUse);
      this.set({ state: 'idle' }, stats.idle);
      this.set({ state: 'waiting' }, stats.waiting);
    },
  });
}

/** Request durations by method, route pattern and status; feed it one observation per answered request. */
export function registerHttpMetrics(registry: Registry): (observation: RequestObservation) => void {
  const duration = new Histogram({
    name: 'hexabill_http_request_duration_seconds',
    help: 'HTTP request duration by method, route pattern and status.',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  // One child per label set, found by a plain key: prom-client would otherwise sort and hash the
  // labels on every request. Routes are patterns, so the set stays small.
  const children = new Map<string, { observe(value: number): void }>();
  return (o) => {
    const key = `${o.method} ${o.route} ${o.status}`;
    let child = children.get(key);
    if (child === undefined) {
      child = duration.labels({ method: o.method, route: o.route, status: String(o.status) });
      children.set(key, child);
    }
    child.observe(o.durationMs / 1000);
  };
}

/** Messages by consumer and outcome, from the consumers' own counts (monotonic, as counters must be). */
export function registerConsumerMetrics(registry: Registry, worker: ConsumerCountersSource): void {
  new Counter({
    name: 'hexabill_consumer_messages_total',
    help: 'Messages handled by each consumer, by outcome (handled, duplicate, ignored, failed, rejected).',
    labelNames: ['consumer', 'outcome'],
    registers: [registry],
    collect() {
      this.reset();
      for (const consumer of worker.consumers) {
        for (const [outcome, value] of Object.entries(consumer.counters)) this.inc({ consumer: consumer.consumer, outcome }, value);
      }
    },
  });
}

/** Unpublished outbox rows and the age of the oldest. */
export function registerOutboxMetrics(registry: Registry, outbox: OutboxLagSource): void {
  // Both gauges come from one read of the outbox per scrape: prom-client collects metrics
  // concurrently, so the collects share the read that is in flight.
  let reading: ReturnType<OutboxLagSource['lag']> | undefined;
  const lag = (): ReturnType<OutboxLagSource['lag']> =>
    (reading ??= outbox.lag().finally(() => {
      reading = undefined;
    }));
  new Gauge({
    name: 'hexabill_outbox_unpublished',
    help: 'Outbox rows not yet published.',
    registers: [registry],
    async collect() {
      this.set((await lag()).unpublished);
    },
  });
  new Gauge({
    name: 'hexabill_outbox_oldest_unpublished_age_seconds',
    help: 'Age of the oldest unpublished outbox row (0 when none).',
    registers: [registry],
    async collect() {
      this.set((await lag()).oldestAgeSeconds);
    },
  });
}

export interface TableSizesSource {
  tableSizes(): Promise<
    readonly { readonly table: string; readonly estimatedRows: number | null; readonly totalBytes: number; readonly deadRows: number }[]
  >;
}

/**
 * Rows the housekeeping sweepers removed, by table (feed it `Housekeeping`'s `onSwept`), and each
 * housekept table's size from the database's catalogue, read once per scrape.
 */
export function registerHousekeepingMetrics(registry: Registry, tables: TableSizesSource): (table: string, rows: number) => void {
  const deleted = new Counter({
    name: 'hexabill_housekeeping_deleted_rows_total',
    help: 'Rows deleted by housekeeping (retention and expiry sweeps), by table.',
    labelNames: ['table'],
    registers: [registry],
  });
  let reading: ReturnType<TableSizesSource['tableSizes']> | undefined;
  const sizes = (): ReturnType<TableSizesSource['tableSizes']> =>
    (reading ??= tables.tableSizes().finally(() => {
      reading = undefined;
    }));
  const gauge = (
    name: string,
    help: string,
    read: (size: Awaited<ReturnType<TableSizesSource['tableSizes']>>[number]) => number | null,
  ): void => {
    new Gauge({
      name,
      help,
      labelNames: ['table'],
      registers: [registry],
      async collect() {
        for (const size of await sizes()) {
          const value = read(size);
          // An estimate is unknown until the table was first analysed: no sample rather than a wrong one.
          if (value !== null) this.set({ table: size.table }, value);
        }
      },
    });
  };
  gauge('hexabill_table_estimated_rows', 'Estimated rows per housekept table (from the catalogue, not a count).', (s) => s.estimatedRows);
  gauge('hexabill_table_size_bytes', 'Bytes per housekept table, indexes and TOAST included.', (s) => s.totalBytes);
  gauge('hexabill_table_dead_rows', 'Deleted rows per housekept table not yet vacuumed away.', (s) => s.deadRows);
  return (table, rows) => {
    deleted.inc({ table }, rows);
  };
}
