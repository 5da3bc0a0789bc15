import type { EventEnvelope } from '@hexabill/core';
import { context, propagation } from '@opentelemetry/api';
import type { Db } from '../pg-database.js';
import { statement } from '../sql.js';

export const OUTBOX_CHANNEL = 'hexabill_outbox';

export interface OutboxRow {
  id: string;
  event_id: string;
  event_type: string;
  event_version: number;
  aggregate_type: string;
  aggregate_id: string;
  occurred_at: Date;
  payload: object;
  /** `traceparent` / `tracestate` too when the event was written inside a traced span. */
  headers: { correlation_id: string; causation_id: string | null; traceparent?: string; tracestate?: string };
  created_at: Date;
  published_at: Date | null;
  attempts: number;
  next_attempt_at: Date;
  last_error: string | null;
}

const ENVELOPE_COLUMNS = ['event_id', 'event_type', 'event_version', 'aggregate_type', 'aggregate_id', 'occurred_at', 'payload', 'headers'];

/** The statement for `count` events: prepared once per size, which stays small (events per transaction). */
const inserts = new Map<number, ReturnType<typeof statement>>();
function insertStatement(count: number): ReturnType<typeof statement> {
  let found = inserts.get(count);
  if (!found) {
    const width = ENVELOPE_COLUMNS.length;
    const rows = Array.from({ length: count }, (_, r) => `(${ENVELOPE_COLUMNS.map((_, c) => `$${String(r * width + c + 1)}`).join(', ')})`);
    found = statement(`outbox.insert.${String(count)}`, `INSERT INTO outbox (${ENVELOPE_COLUMNS.join(', ')}) VALUES ${rows.join(', ')}`);
    inserts.set(count, found);
  }
  return found;
}

/** The active trace context (the writing transaction's span), when tracing is on; nothing otherwise. */
function traceHeaders(): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier;
}

function envelopeValues(envelope: EventEnvelope, trace: Record<string, string>): unknown[] {
  return [
    envelope.event_id,
    envelope.event_type,
    envelope.event_version,
    envelope.aggregate_type,
    envelope.aggregate_id,
    envelope.occurred_at,
    JSON.stringify(envelope.payload),
    JSON.stringify({ correlation_id: envelope.correlation_id, causation_id: envelope.causation_id, ...trace }),
  ];
}

/** The trace context the row was written in, for the broker (none when it was written untraced). */
export function propagationOfOutboxRow(row: OutboxRow): Record<string, string> | undefined {
  const { traceparent, tracestate } = row.headers;
  if (traceparent === undefined) return undefined;
  return tracestate === undefined ? { traceparent } : { traceparent, tracestate };
}

export function envelopeFromOutboxRow(row: OutboxRow): EventEnvelope {
  return {
    event_id: row.event_id,
    event_type: row.event_type,
    event_version: row.event_version,
    aggregate_type: row.aggregate_type,
    aggregate_id: row.aggregate_id,
    occurred_at: row.occurred_at.toISOString(),
    correlation_id: row.headers.correlation_id,
    causation_id: row.headers.causation_id,
    payload: row.payload,
  };
}

/** One multi-row insert for every event a transaction recorded, in recording order. */
export async function insertOutboxRows(db: Db, envelopes: readonly EventEnvelope[]): Promise<void> {
  const trace = traceHeaders();
  await db.count(
    insertStatement(envelopes.length),
    envelopes.flatMap((envelope) => envelopeValues(envelope, trace)),
  );
}

/**
 * Claims up to `$1` due rows, oldest first, for `$2` milliseconds:
 * - only the oldest unpublished row of each aggregate is a candidate, so an aggregate's next event
 *   waits until the previous one is published, which keeps per-aggregate order;
 * - the unpublished rows are walked in id order (`outbox_unpublished`), each checked against its
 *   aggregate's oldest unpublished id (one probe of `outbox_unpublished_by_aggregate`), stopping at
 *   `$1`: a claim costs about the same with a backlog of thousands as with ten. (Finding every
 *   aggregate's head first read the whole backlog on every claim, so a relay that fell behind fell
 *   further behind: PostgreSQL spent 13-15 ms of CPU per payment at 300 payments/s offered.)
 * - `FOR UPDATE … SKIP LOCKED` lets concurrent relays pass over rows another relay is claiming,
 *   and PostgreSQL re-checks `next_attempt_at` on the locked row, so a row just leased elsewhere
 *   is not taken twice;
 * - the lease (`next_attempt_at` in the future) hands the rows back if this relay dies.
 */
const CLAIM = statement(
  'outbox.claim',
  `WITH due AS (
     SELECT o.id
       FROM outbox o
      WHERE o.published_at IS NULL
        AND o.next_attempt_at <= now()
        AND o.id = (SELECT min(head.id)
                      FROM outbox head
                     WHERE head.published_at IS NULL
                       AND head.aggregate_type = o.aggregate_type
                       AND head.aggregate_id = o.aggregate_id)
      ORDER BY o.id
      LIMIT $1
      FOR UPDATE OF o SKIP LOCKED
   )
   UPDATE outbox
      SET attempts = outbox.attempts + 1,
          next_attempt_at = now() + make_interval(secs => $2 / 1000.0)
     FROM due
    WHERE outbox.id = due.id
   RETURNING outbox.*`,
);
const MARK_PUBLISHED = statement(
  'outbox.mark-published',
  'UPDATE outbox SET published_at = now(), last_error = NULL WHERE id = ANY($1::bigint[]) AND published_at IS NULL',
);
const MARK_FAILED = statement(
  'outbox.mark-failed',
  'UPDATE outbox SET next_attempt_at = $2, last_error = $3 WHERE id = $1 AND published_at IS NULL',
);
const IN_WRITE_ORDER = statement('outbox.in-write-order', 'SELECT * FROM outbox ORDER BY id');
/** Unpublished rows and the age of the oldest, for metrics and alarms. */
const LAG = statement(
  'outbox.lag',
  `SELECT count(*) AS unpublished, extract(epoch FROM now() - min(created_at)) AS oldest_age_seconds
     FROM outbox WHERE published_at IS NULL`,
);

export function claimOutboxBatch(db: Db, limit: number, leaseMs: number): Promise<OutboxRow[]> {
  return db.rows<OutboxRow>(CLAIM, [limit, leaseMs]);
}

export async function markOutboxRowsPublished(db: Db, ids: readonly string[]): Promise<void> {
  await db.count(MARK_PUBLISHED, [ids]);
}

export async function markOutboxRowFailed(db: Db, id: string, error: string, retryAt: Date): Promise<void> {
  await db.count(MARK_FAILED, [id, retryAt, error.slice(0, 2_000)]);
}

export function selectOutboxInWriteOrder(db: Db): Promise<OutboxRow[]> {
  return db.rows<OutboxRow>(IN_WRITE_ORDER);
}

export async function selectOutboxLag(db: Db): Promise<{ unpublished: number; oldestAgeSeconds: number }> {
  const [row] = await db.rows<{ unpublished: string; oldest_age_seconds: string | null }>(LAG);
  return { unpublished: Number(row?.unpublished ?? 0), oldestAgeSeconds: Number(row?.oldest_age_seconds ?? 0) };
}
