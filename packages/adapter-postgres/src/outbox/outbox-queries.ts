import type { EventEnvelope } from '@hexabill/core';
import type { Knex } from 'knex';

export const OUTBOX = 'outbox';
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
  headers: { correlation_id: string; causation_id: string | null };
  created_at: Date;
  published_at: Date | null;
  attempts: number;
  next_attempt_at: Date;
  last_error: string | null;
}

export function toOutboxInsert(envelope: EventEnvelope): Record<string, unknown> {
  return {
    event_id: envelope.event_id,
    event_type: envelope.event_type,
    event_version: envelope.event_version,
    aggregate_type: envelope.aggregate_type,
    aggregate_id: envelope.aggregate_id,
    occurred_at: new Date(envelope.occurred_at),
    payload: JSON.stringify(envelope.payload),
    headers: JSON.stringify({ correlation_id: envelope.correlation_id, causation_id: envelope.causation_id }),
  };
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
export async function insertOutboxRows(db: Knex, envelopes: readonly EventEnvelope[]): Promise<void> {
  await db(OUTBOX).insert(envelopes.map(toOutboxInsert));
}

/**
 * Claims up to `limit` due rows, oldest first, for `leaseMs`:
 * - only the oldest unpublished row of each aggregate is a candidate (`heads`), so an aggregate's
 *   next event waits until the previous one is published, which keeps per-aggregate order;
 * - `FOR UPDATE … SKIP LOCKED` lets concurrent relays pass over rows another relay is claiming,
 *   and PostgreSQL re-checks `next_attempt_at` on the locked row, so a row just leased elsewhere
 *   is not taken twice;
 * - the lease (`next_attempt_at` in the future) hands the rows back if this relay dies.
 */
export async function claimOutboxBatch(db: Knex, limit: number, leaseMs: number): Promise<OutboxRow[]> {
  const { rows } = await db.raw<{ rows: OutboxRow[] }>(
    `WITH heads AS (
       SELECT DISTINCT ON (aggregate_type, aggregate_id) id
         FROM outbox
        WHERE published_at IS NULL
        ORDER BY aggregate_type, aggregate_id, id
     ), due AS (
       SELECT o.id
         FROM outbox o
         JOIN heads h ON h.id = o.id
        WHERE o.published_at IS NULL AND o.next_attempt_at <= now()
        ORDER BY o.id
        LIMIT ?
        FOR UPDATE OF o SKIP LOCKED
     )
     UPDATE outbox
        SET attempts = outbox.attempts + 1,
            next_attempt_at = now() + make_interval(secs => ? / 1000.0)
       FROM due
      WHERE outbox.id = due.id
  RETURNING outbox.*`,
    [limit, leaseMs],
  );
  return rows;
}

export async function markOutboxRowsPublished(db: Knex, ids: readonly string[]): Promise<void> {
  await db(OUTBOX)
    .whereIn('id', ids as string[])
    .whereNull('published_at')
    .update({ published_at: db.fn.now(), last_error: null });
}

export async function markOutboxRowFailed(db: Knex, id: string, error: string, retryAt: Date): Promise<void> {
  await db(OUTBOX)
    .where({ id })
    .whereNull('published_at')
    .update({ next_attempt_at: retryAt, last_error: error.slice(0, 2_000) });
}

export async function selectOutboxInWriteOrder(db: Knex): Promise<OutboxRow[]> {
  return db<OutboxRow>(OUTBOX).orderBy('id');
}

/** Unpublished rows and the age of the oldest, for metrics and alarms. */
export async function selectOutboxLag(db: Knex): Promise<{ unpublished: number; oldestAgeSeconds: number }> {
  const { rows } = await db.raw<{ rows: { unpublished: string; oldest_age_seconds: string | null }[] }>(
    `SELECT count(*) AS unpublished, extract(epoch FROM now() - min(created_at)) AS oldest_age_seconds
       FROM outbox WHERE published_at IS NULL`,
  );
  return { unpublished: Number(rows[0]?.unpublished ?? 0), oldestAgeSeconds: Number(rows[0]?.oldest_age_seconds ?? 0) };
}
