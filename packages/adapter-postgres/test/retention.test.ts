import { setTimeout as sleep } from 'node:timers/promises';
import {
  OutboxRelay,
  Principals,
  RegisterUser,
  UpdateUser,
  UuidV7Generator,
  ok,
  silentLogger,
  systemClock,
  type MessagePublisher,
  type OutboxMessage,
} from '@hexabill/core';
import { FakePasswordHasher } from '@hexabill/core/testing';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  PgInboxRetentionSweeper,
  PgOutboxRetentionSweeper,
  PgOutboxStore,
  PgUnitOfWork,
  tableSizes,
  type Db,
  type RetentionOptions,
} from '../src/index.js';
import { RETENTION_STATEMENTS } from '../src/retention/retention-queries.js';
import type { Statement } from '../src/sql.js';
import { createTestDatabase, POOL_MAX, type TestDatabase } from './support/test-database.js';

let db: TestDatabase;
let uow: PgUnitOfWork;
const ids = new UuidV7Generator();
const DAY = 24 * 3600;

beforeAll(async () => {
  db = await createTestDatabase();
  uow = new PgUnitOfWork(db.database, ids, systemClock);
});
afterAll(async () => {
  await db.drop();
});
beforeEach(async () => {
  await db.truncate();
});

const secondsAgo = (seconds: number, from = new Date()): Date => new Date(from.getTime() - seconds * 1000);

/** Outbox rows written straight into the table, with the ages a test needs. */
async function insertOutbox(count: number, ages: { createdSecondsAgo: number; publishedSecondsAgo: number | null }): Promise<string[]> {
  const rows = Array.from({ length: count }, (_, i) => ({
    event_id: ids.next(),
    event_type: 'user.created',
    event_version: 1,
    aggregate_type: 'user',
    aggregate_id: `agg-${String(i % 7)}`,
    occurred_at: secondsAgo(ages.createdSecondsAgo),
    payload: {},
    created_at: secondsAgo(ages.createdSecondsAgo),
    published_at: ages.publishedSecondsAgo === null ? null : secondsAgo(ages.publishedSecondsAgo),
  }));
  for (let i = 0; i < rows.length; i += 1_000) await db.knex('outbox').insert(rows.slice(i, i + 1_000));
  return rows.map((r) => r.event_id);
}

async function insertInbox(count: number, processedSecondsAgo: number, consumer = 'billing'): Promise<string[]> {
  const rows = Array.from({ length: count }, () => ({ consumer, event_id: ids.next(), processed_at: secondsAgo(processedSecondsAgo) }));
  for (let i = 0; i < rows.length; i += 1_000) await db.knex('processed_messages').insert(rows.slice(i, i + 1_000));
  return rows.map((r) => r.event_id);
}

const eventIdsIn = async (table: 'outbox' | 'processed_messages'): Promise<string[]> =>
  ((await db.knex(table).select('event_id').orderBy('event_id')) as { event_id: string }[]).map((r) => r.event_id);
const countOf = async (table: string): Promise<number> =>
  Number((await db.knex.raw<{ rows: { n: string }[] }>('SELECT count(*) AS n FROM ??', [table])).rows[0]!.n);

/** Runs on the pool and keeps how long each statement took and how many rows it wrote. */
class TimedDb implements Db {
  readonly batches: { name: string; ms: number; rows: number }[] = [];
  constructor(private readonly inner: Db) {}
  rows<Row extends object>(statement: Statement, values?: readonly unknown[]): Promise<Row[]> {
    return this.inner.rows<Row>(statement, values);
  }
  async count(statement: Statement, values?: readonly unknown[]): Promise<number> {
    const started = performance.now();
    const rows = await this.inner.count(statement, values);
    this.batches.push({ name: statement.name, ms: performance.now() - started, rows });
    return rows;
  }
}

const outboxSweeper = (options: RetentionOptions, on: Db = db.database) => new PgOutboxRetentionSweeper(on, options);
const inboxSweeper = (options: RetentionOptions, on: Db = db.database) => new PgInboxRetentionSweeper(on, options);

describe('outbox retention', () => {
  it('removes rows published before the window, keeps younger ones and every unpublished row however old', async () => {
    const old = await insertOutbox(5, { createdSecondsAgo: 9 * DAY, publishedSecondsAgo: 8 * DAY });
    const young = await insertOutbox(4, { createdSecondsAgo: 9 * DAY, publishedSecondsAgo: 6 * DAY });
    const ancientUnpublished = await insertOutbox(3, { createdSecondsAgo: 365 * DAY, publishedSecondsAgo: null });
    const freshUnpublished = await insertOutbox(2, { createdSecondsAgo: 0, publishedSecondsAgo: null });

    expect(await outboxSweeper({ windowSeconds: 7 * DAY }).sweep(new Date())).toBe(5);

    expect(await eventIdsIn('outbox')).toEqual([...young, ...ancientUnpublished, ...freshUnpublished].sort());
    expect(old.some((id) => young.includes(id))).toBe(false);
    // Even a window of a millisecond leaves the unpublished rows alone.
    expect(await outboxSweeper({ windowSeconds: 0.001 }).sweep(new Date())).toBe(4);
    expect(await eventIdsIn('outbox')).toEqual([...ancientUnpublished, ...freshUnpublished].sort());
  });

  it('is named for the table in logs and metrics', () => {
    expect(outboxSweeper({ windowSeconds: DAY }).name).toBe('outbox');
    expect(inboxSweeper({ windowSeconds: DAY }).name).toBe('processed_messages');
  });
});

describe('inbox retention', () => {
  it('removes rows processed before the window and keeps younger ones', async () => {
    await insertInbox(6, 31 * DAY);
    const young = await insertInbox(4, 29 * DAY);
    expect(await inboxSweeper({ windowSeconds: 30 * DAY }).sweep(new Date())).toBe(6);
    expect(await eventIdsIn('processed_messages')).toEqual([...young].sort());
  });

  it('still recognises a duplicate delivery inside the window (through the unit of work)', async () => {
    const [inside] = await insertInbox(1, 29 * DAY);
    const [outside] = await insertInbox(1, 31 * DAY);
    await inboxSweeper({ windowSeconds: 30 * DAY }).sweep(new Date());
    const mark = (eventId: string) => uow.transaction(async (tx) => ok(await tx.inbox.markProcessed('billing', eventId)));
    expect((await mark(inside!))._unsafeUnwrap()).toBe(false);
    // Past the window the row is gone, so the same message would count as new: hence a window
    // longer than any redelivery.
    expect((await mark(outside!))._unsafeUnwrap()).toBe(true);
  });
});

describe('batches', () => {
  it('a sweep with batch size 10 removes all 95 old rows in ten statements, and no young row', async () => {
    await insertInbox(95, 2 * DAY);
    const young = await insertInbox(5, 0);
    const timed = new TimedDb(db.database);
    expect(await inboxSweeper({ windowSeconds: DAY, batchSize: 10 }, timed).sweep(new Date())).toBe(95);
    expect(timed.batches.map((b) => b.rows)).toEqual([10, 10, 10, 10, 10, 10, 10, 10, 10, 5]);
    expect(await eventIdsIn('processed_messages')).toEqual([...young].sort());
  });

  it('stops starting batches once the time budget is spent, and the next sweep goes on', async () => {
    await insertOutbox(25, { createdSecondsAgo: 3 * DAY, publishedSecondsAgo: 2 * DAY });
    const sweeper = outboxSweeper({ windowSeconds: DAY, batchSize: 10, budgetMs: Number.MIN_VALUE });
    expect(await sweeper.sweep(new Date())).toBe(10);
    expect(await countOf('outbox')).toBe(15);
    expect(await outboxSweeper({ windowSeconds: DAY, batchSize: 10, budgetMs: Infinity }).sweep(new Date())).toBe(15);
  });

  it('two sweepers at once remove every old row exactly once between them', async () => {
    await insertOutbox(1_500, { createdSecondsAgo: 3 * DAY, publishedSecondsAgo: 2 * DAY });
    await insertOutbox(50, { createdSecondsAgo: 3 * DAY, publishedSecondsAgo: null });
    await insertInbox(1_500, 2 * DAY);
    const youngInbox = await insertInbox(50, 0);
    const sweepers = [0, 1].flatMap(() => [
      outboxSweeper({ windowSeconds: DAY, batchSize: 25 }),
      inboxSweeper({ windowSeconds: DAY, batchSize: 25 }),
    ]);
    const removed = { outbox: 0, processed_messages: 0 };
    // A sweeper that meets rows the other holds gets a short batch and returns; sweep until both find nothing.
    for (let round = 0; round < 100; round += 1) {
      const counts = await Promise.all(sweepers.map((s) => s.sweep(new Date())));
      counts.forEach((n, i) => {
        removed[sweepers[i]!.name] += n;
      });
      if (counts.every((n) => n === 0)) break;
    }
    expect(removed).toEqual({ outbox: 1_500, processed_messages: 1_500 });
    expect(await countOf('outbox')).toBe(50);
    expect(await db.knex('outbox').whereNotNull('published_at').count({ n: '*' })).toEqual([{ n: '0' }]);
    expect(await eventIdsIn('processed_messages')).toEqual([...youngInbox].sort());
  });
});

describe('the deletes use the age indexes', () => {
  it.each(['outbox', 'processed_messages'] as const)('%s: index scan oldest first, then straight to the rows by ctid', async (table) => {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      await client.query('BEGIN');
      // With a handful of rows a sequential scan is cheaper; what matters is that the index can serve.
      await client.query('SET LOCAL enable_seqscan = off');
      const { rows } = await client.query<{ 'QUERY PLAN': unknown }>(`EXPLAIN (FORMAT JSON) ${RETENTION_STATEMENTS[table].text}`, [
        new Date(),
        500,
      ]);
      await client.query('ROLLBACK');
      const plan = JSON.stringify(rows[0]!['QUERY PLAN']);
      expect(plan).toContain(`"Index Name":"${table === 'outbox' ? 'outbox_published_at' : 'processed_messages_processed_at'}"`);
      expect(plan).toContain('"Node Type":"Tid Scan"');
      expect(plan).toContain('"Node Type":"LockRows"');
    } finally {
      await client.end();
    }
  });
});

describe('table sizes', () => {
  it('reads estimates from the catalogue for every housekept table', async () => {
    await insertInbox(1_000, 2 * DAY);
    await insertOutbox(200, { createdSecondsAgo: 0, publishedSecondsAgo: 0 });
    await db.knex.raw('ANALYZE outbox, processed_messages, idempotency_keys, rate_limits');
    const before = await tableSizes(db.database);
    expect(before.map((s) => s.table)).toEqual(['outbox', 'processed_messages', 'idempotency_keys', 'rate_limits']);
    expect(before.find((s) => s.table === 'processed_messages')).toMatchObject({ estimatedRows: 1_000 });
    expect(before.find((s) => s.table === 'outbox')).toMatchObject({ estimatedRows: 200 });
    expect(before.every((s) => s.totalBytes > 0)).toBe(true);

    await inboxSweeper({ windowSeconds: DAY }).sweep(new Date());
    await db.knex.raw('VACUUM ANALYZE processed_messages');
    const after = await tableSizes(db.database, ['processed_messages', 'no_such_table']);
    expect(after).toEqual([{ table: 'processed_messages', estimatedRows: 0, totalBytes: expect.any(Number), deadRows: 0 }]);
  });
});

describe('bad settings', () => {
  it.each([
    [{ windowSeconds: 0 }, /windowSeconds/],
    [{ windowSeconds: Number.NaN }, /windowSeconds/],
    [{ windowSeconds: DAY, batchSize: 0 }, /batchSize/],
    [{ windowSeconds: DAY, batchSize: 2.5 }, /batchSize/],
    [{ windowSeconds: DAY, budgetMs: 0 }, /budgetMs/],
  ])('%o is refused, naming the field', (options, field) => {
    expect(() => outboxSweeper(options)).toThrow(field);
    expect(() => inboxSweeper(options)).toThrow(field);
  });
});

interface LockWait {
  waiter: string;
  blockers: string[];
  firstSeen: number;
  lastSeen: number;
}

interface Sampled {
  /** Every backend seen waiting for a lock, with the statements blocking it. */
  waits: LockWait[];
  /** The longest each retention DELETE was seen running, by the server's clock (ms). */
  deletesSeenRunningMs: number[];
  samples: number;
}

/**
 * Samples pg_stat_activity every couple of milliseconds on a connection of its own: backends
 * waiting for a lock (a wait seen in one sample only lasted less than the sampling interval), and
 * retention DELETEs in flight with how long they have been running, measured by the server.
 */
async function sampleActivity(url: string): Promise<{ stop(): Promise<Sampled> }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const waits = new Map<string, LockWait>();
  const deletes = new Map<string, number>();
  let samples = 0;
  const state = { running: true };
  const loop = (async () => {
    while (state.running) {
      const { rows } = await client.query<{ key: string; query: string; waiting: boolean; running_ms: string; blockers: string[] }>(
        `SELECT a.pid || '@' || a.query_start AS key, a.query, a.wait_event_type = 'Lock' AS waiting,
                extract(epoch FROM clock_timestamp() - a.query_start) * 1000 AS running_ms,
                array(SELECT b.query FROM pg_stat_activity b WHERE b.pid = ANY (pg_blocking_pids(a.pid))) AS blockers
           FROM pg_stat_activity a
          WHERE a.datname = current_database() AND a.pid <> pg_backend_pid() AND a.state = 'active'
            AND (a.wait_event_type = 'Lock' OR a.query LIKE 'DELETE FROM % WHERE ctid = ANY%')`,
      );
      const now = performance.now();
      samples += 1;
      for (const row of rows) {
        if (row.query.startsWith('DELETE FROM')) deletes.set(row.key, Math.max(deletes.get(row.key) ?? 0, Number(row.running_ms)));
        if (!row.waiting) continue;
        const seen = waits.get(row.key);
        if (seen) seen.lastSeen = now;
        else waits.set(row.key, { waiter: row.query, blockers: row.blockers, firstSeen: now, lastSeen: now });
      }
      await sleep(2);
    }
  })();
  return {
    stop: async () => {
      state.running = false;
      await loop;
      await client.end();
      return { waits: [...waits.values()], deletesSeenRunningMs: [...deletes.values()], samples };
    },
  };
}

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};

describe('sweeping while the relay and consumers are busy', () => {
  it('no errors, every event published exactly once, duplicates still recognised, old rows gone', async () => {
    const OLD = 10_000;
    const WRITERS = 4;
    const USERS_PER_WRITER = 40;
    const expectedEvents = WRITERS * USERS_PER_WRITER * 2; // user.created, then user.updated
    await insertOutbox(OLD, { createdSecondsAgo: 40 * DAY, publishedSecondsAgo: 40 * DAY });
    await insertInbox(OLD, 60 * DAY);

    const errors: unknown[] = [];
    const published: OutboxMessage[] = [];
    const deliveries: OutboxMessage[] = [];
    const publisher: MessagePublisher = {
      publish: (messages) => {
        published.push(...messages);
        deliveries.push(...messages);
        return Promise.resolve({ failed: [] });
      },
    };
    const relay = new OutboxRelay(new PgOutboxStore(db.database), publisher, systemClock, silentLogger, { batchSize: 10, idleWaitMs: 5 });

    // Sweepers on timed pools: each DELETE is one autocommitted statement, so its duration bounds
    // how long its row locks were held. The outbox window is a millisecond, so rows go moments after
    // the relay publishes them: the most the relay and the sweeper can get in each other's way.
    const timed = new TimedDb(db.database);
    const outbox = outboxSweeper({ windowSeconds: 0.001, batchSize: 100 }, timed);
    const inbox = inboxSweeper({ windowSeconds: DAY, batchSize: 100 }, timed);
    const swept = { outbox: 0, processed_messages: 0, rounds: 0 };

    const sampler = await sampleActivity(db.url);
    const consumed = { handled: 0, duplicates: 0 };
    const load = { writing: true };
    const started = performance.now();
    relay.start();

    const writers = Array.from({ length: WRITERS }, async (_, w) => {
      const register = new RegisterUser({ uow, hasher: new FakePasswordHasher(), ids, clock: systemClock });
      const update = new UpdateUser({ uow, clock: systemClock });
      for (let i = 0; i < USERS_PER_WRITER; i += 1) {
        const user = (
          await register.execute(
            { email: `w${w}-${i}@example.com`, name: 'Writer', password: 'password-123' },
            { principal: Principals.anonymous() },
          )
        )._unsafeUnwrap();
        (await update.execute({ id: user.id, name: 'Renamed' }, { principal: Principals.user(user.id) }))._unsafeUnwrap();
      }
    });
    const consumer = (async () => {
      // Each message is delivered twice; the second must be recognised as a duplicate.
      const mark = (eventId: string) => uow.transaction(async (tx) => ok(await tx.inbox.markProcessed('retention-test', eventId)));
      while (load.writing || deliveries.length > 0 || consumed.handled < expectedEvents) {
        const message = deliveries.shift();
        if (!message) {
          await sleep(2);
          continue;
        }
        if ((await mark(message.envelope.event_id))._unsafeUnwrap()) consumed.handled += 1;
        if (!(await mark(message.envelope.event_id))._unsafeUnwrap()) consumed.duplicates += 1;
      }
    })();
    const sweeping = (async () => {
      while (load.writing || consumed.handled < expectedEvents) {
        swept.outbox += await outbox.sweep(new Date());
        swept.processed_messages += await inbox.sweep(new Date());
        swept.rounds += 1;
        await sleep(1);
      }
    })();

    const guard = (p: Promise<unknown>) => p.catch((error: unknown) => errors.push(error));
    await Promise.all(writers.map(guard));
    await expect.poll(() => published.length, { timeout: 30_000 }).toBeGreaterThanOrEqual(expectedEvents);
    load.writing = false;
    await Promise.all([guard(consumer), guard(sweeping)]);
    await relay.stop();
    const { waits, deletesSeenRunningMs, samples } = await sampler.stop();
    const elapsedMs = performance.now() - started;
    // What was published after the last round goes now.
    swept.outbox += await outbox.sweep(new Date());

    expect(errors).toEqual([]);
    expect(published).toHaveLength(expectedEvents);
    expect(new Set(published.map((m) => m.envelope.event_id)).size).toBe(expectedEvents);
    expect(consumed).toEqual({ handled: expectedEvents, duplicates: expectedEvents });
    // Every published row and every old inbox row went, each counted once; the fresh inbox rows stay.
    expect(swept.outbox).toBe(OLD + expectedEvents);
    expect(swept.processed_messages).toBe(OLD);
    expect(await countOf('outbox')).toBe(0);
    expect(await countOf('processed_messages')).toBe(expectedEvents);

    const deletes = timed.batches.filter((b) => b.name.startsWith('retention.'));
    const working = deletes.filter((b) => b.rows > 0);
    const sweepWaits = waits.filter((w) => w.blockers.some((q) => q.startsWith('DELETE FROM')));
    const longest = (list: LockWait[]) => Math.max(0, ...list.map((w) => w.lastSeen - w.firstSeen));
    const ms = (n: number) => `${n.toFixed(2)} ms`;
    console.log(
      [
        `retention under load (pool ${String(POOL_MAX)}): ${String(Math.round(elapsedMs))} ms, ${String(swept.rounds)} sweep rounds,`,
        `${String(deletes.length)} DELETE statements, ${String(working.length)} of them deleting rows.`,
        `Per DELETE as the client saw it (round trip, pool and event-loop waits included):`,
        `p50 ${ms(
          percentile(
            working.map((b) => b.ms),
            50,
          ),
        )}, p99 ${ms(
          percentile(
            working.map((b) => b.ms),
            99,
          ),
        )},`,
        `max ${ms(Math.max(0, ...deletes.map((b) => b.ms)))}.`,
        `${String(samples)} samples of pg_stat_activity: ${String(deletesSeenRunningMs.length)} DELETEs caught running,`,
        `the longest for ${ms(Math.max(0, ...deletesSeenRunningMs))} by the server's clock;`,
        `${String(waits.length)} lock waits in all, ${String(sweepWaits.length)} of them behind a sweep`,
        `(longest seen ${ms(longest(sweepWaits))}; a wait seen in one sample only lasted less than a sampling interval).`,
      ].join(' '),
    );
    if (waits.length > 0) {
      console.log(
        'lock waits:',
        waits.map((w) => ({ ms: ms(w.lastSeen - w.firstSeen), waiter: w.waiter, blockers: w.blockers })),
      );
    }
  });
});
