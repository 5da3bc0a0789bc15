import { collectDefaultMetrics, Counter, Gauge, Histogram, type Registry } from 'prom-client';

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
  /** Answered from a stored idempotent response (Idempotency-Key seen before). */
  readonly replayed?: boolean;
}
/** One call to the payment provider (core's `GatewayCall`). */
export interface GatewayCallObservation {
  readonly operation: string;
  readonly outcome: string;
  readonly durationMs: number;
}
/** One delivery handled by a consumer (core's `HandlerRun`). */
export interface HandlerRunObservation {
  readonly consumer: string;
  readonly outcome: string;
  readonly durationMs: number;
}
/** One publishing round of the outbox relay (core's `PublishRound`). */
export interface PublishRoundObservation {
  readonly published: number;
  readonly failed: number;
}

/**
 * The process and runtime: CPU, resident memory, open files, event-loop lag, heap by space, GC
 * durations by kind, active handles — prom-client's default metrics under their standard names
 * (`process_*`, `nodejs_*`), which existing Node.js dashboards read as they are.
 */
export function registerProcessMetrics(registry: Registry): void {
  collectDefaultMetrics({ register: registry });
}

/** A label set's child, found by a plain key: prom-client would otherwise sort and hash the labels on every call. */
function childrenOf<C>(make: (labels: Record<string, string>) => C): (labels: Record<string, string>, key: string) => C {
  const children = new Map<string, C>();
  return (labels, key) => {
    let child = children.get(key);
    if (child === undefined) {
      child = make(labels);
      children.set(key, child);
    }
    return child;
  };
}

/**
 * Payments by result (`succeeded`, `declined`, `unavailable` — a decline is not a payment, and the
 * decline rate is worth a graph) and the provider's latency by operation and outcome. Feed it every
 * gateway call (core's `observedPaymentGateway`).
 */
export function registerPaymentMetrics(registry: Registry): (call: GatewayCallObservation) => void {
  const payments = new Counter({
    name: 'hexabill_payments_total',
    help: 'Charges asked of the payment provider, by result: succeeded, declined, unavailable (no answer).',
    labelNames: ['result'],
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'hexabill_payment_gateway_duration_seconds',
    help: 'Payment provider calls by operation (charge, lookup, refund) and outcome.',
    labelNames: ['operation', 'outcome'],
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const paymentOf = childrenOf((labels) => payments.labels(labels));
  const latencyOf = childrenOf((labels) => latency.labels(labels));
  return (call) => {
    if (call.operation === 'charge') paymentOf({ result: call.outcome }, call.outcome).inc();
    latencyOf({ operation: call.operation, outcome: call.outcome }, `${call.operation} ${call.outcome}`).observe(call.durationMs / 1000);
  };
}

/** How long each consumer's handler takes per delivery, by outcome. Feed it core's `observedEventHandlers`. */
export function registerHandlerMetrics(registry: Registry): (run: HandlerRunObservation) => void {
  const duration = new Histogram({
    name: 'hexabill_handler_duration_seconds',
    help: 'Event handler duration per delivery, by consumer and outcome (handled, duplicate, ignored, failed).',
    labelNames: ['consumer', 'outcome'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const of = childrenOf((labels) => duration.labels(labels));
  return (run) => {
    of({ consumer: run.consumer, outcome: run.outcome }, `${run.consumer} ${run.outcome}`).observe(run.durationMs / 1000);
  };
}

/** Messages the outbox relay handed to the broker, and those the broker did not take. Feed it core's `observedPublisher`. */
export function registerRelayMetrics(registry: Registry): (round: PublishRoundObservation) => void {
  const published = new Counter({
    name: 'hexabill_relay_published_total',
    help: 'Outbox messages the relay published to the broker.',
    registers: [registry],
  });
  const failed = new Counter({
    name: 'hexabill_relay_publish_failures_total',
    help: 'Outbox messages the broker did not take (they are retried with backoff).',
    registers: [registry],
  });
  return (round) => {
    if (round.published > 0) published.inc(round.published);
    if (round.failed > 0) failed.inc(round.failed);
  };
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

/**
 * Request durations by method, route pattern and status, plus counters operators alert on without
 * a histogram query: 429 answers (rate limited) and answers replayed for a repeated Idempotency-Key,
 * by route. Feed it one observation per answered request.
 */
export function registerHttpMetrics(registry: Registry): (observation: RequestObservation) => void {
  const duration = new Histogram({
    name: 'hexabill_http_request_duration_seconds',
    help: 'HTTP request duration by method, route pattern and status.',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const limited = new Counter({
    name: 'hexabill_http_rate_limited_total',
    help: 'Requests answered 429 (too many sign-in or password-reset attempts), by route.',
    labelNames: ['route'],
    registers: [registry],
  });
  const replays = new Counter({
    name: 'hexabill_idempotent_replays_total',
    help: 'Requests answered from the stored response of an earlier request with the same Idempotency-Key, by route.',
    labelNames: ['route'],
    registers: [registry],
  });
  // Routes are patterns, so the label sets stay few.
  const durationOf = childrenOf((labels) => duration.labels(labels));
  return (o) => {
    durationOf({ method: o.method, route: o.route, status: String(o.status) }, `${o.method} ${o.route} ${String(o.status)}`).observe(
      o.durationMs / 1000,
    );
    if (o.status === 429) limited.inc({ route: o.route });
    if (o.replayed === true) replays.inc({ route: o.route });
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
