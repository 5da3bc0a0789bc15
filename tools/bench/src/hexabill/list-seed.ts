import pg from 'pg';
import type { BenchData } from './bench-data.js';

/** One data size of the lists part. */
export interface ListDataSize {
  /** Names the database and the report's column: `1k`, `1M`. */
  readonly label: string;
  /** Users inserted by SQL, besides the admin registered through the API. */
  readonly users: number;
  readonly invoices: number;
}

export interface ListSeedTimes {
  readonly usersMs: number;
  /** Inserting the invoices, their secondary indexes rebuilt included. */
  readonly invoicesMs: number;
  /** Of invoicesMs: building the secondary indexes again after the insert. */
  readonly invoiceIndexesMs: number;
  readonly invoiceIndexes: number;
  readonly vacuumAnalyzeMs: number;
}

const SECONDS_PER_YEAR = 365 * 24 * 3600;
/** Users signed up over the last three years, invoices issued over the last two. */
const USERS_SPAN_SECONDS = 3 * SECONDS_PER_YEAR;
const INVOICES_SPAN_SECONDS = 2 * SECONDS_PER_YEAR;
/** Fixed, so both sizes and every run get the same distribution (setseed drives random()). */
const SEED = 0.2026;

/**
 * Users and invoices for the lists part, by SQL (the API would take hours for a million invoices),
 * shaped like a table that grew over time:
 *
 * - ids are `uuidv7(-age)`: UUIDv7 whose timestamp is the row's `created_at`, so id order is creation
 *   order as in a table the API filled; rows are inserted oldest first, so the primary key grows at its
 *   end as it would;
 * - invoices spread over users unevenly — the owner is the n-th oldest user with n = users × u³ for a
 *   uniform u — so the oldest users have many and most a handful (the oldest of 100,000 users holds
 *   about 2 % of all invoices, the oldest of 300 about 15 %);
 * - statuses mixed: 80 % paid, 12 % pending, 4 % payment_requested, 4 % payment_failed, each with the
 *   columns that status has (`paid_at` exactly when paid, as a CHECK requires; a charge id when paid, a
 *   failure reason when failed).
 *
 * The invoices' secondary indexes — whatever the migrations made, read from pg_indexes — are dropped
 * for the insert and built again from their own definitions after it, as a bulk load is done: kept,
 * each of a million inserts would land at a random place in the (user_id, …) indexes, which took the
 * insert from about 10 s to a minute. Built once, those indexes are denser than ones grown row by row;
 * a page of a keyset list reads the same few entries either way. The foreign key's per-row check (a
 * locking lookup in users for each invoice) is skipped too, with session_replication_role = replica
 * for the insert: every owner is taken from users by the same statement. CHECK constraints still hold.
 *
 * Then VACUUM ANALYZE, so the planner knows the tables and the visibility map is set, as autovacuum
 * would have done on a table that old. `like` is a user whose password hash the new users share.
 */
export async function seedListData(data: BenchData, size: ListDataSize, like: string): Promise<ListSeedTimes> {
  await data.query(`SET work_mem = '256MB'`);
  await data.query(`SET maintenance_work_mem = '256MB'`);
  await data.query('SELECT setseed($1)', [SEED]);

  const usersStarted = performance.now();
  await data.query(
    `INSERT INTO users (id, email, name, age, role, password_hash, created_at, updated_at, version)
     SELECT uuidv7(-s.age), 'lists-' || s.g || '@example.com', 'Lists User ' || s.g, 18 + s.g % 60, 'user',
            h.password_hash, now() - s.age, now() - s.age, 1
       FROM (SELECT g, interval '1 day' + ($2::int + 1 - g) * $3::float8 * interval '1 second' AS age
               FROM generate_series(1, $2::int) AS g) AS s,
            (SELECT password_hash FROM users WHERE id = $1) AS h
      ORDER BY s.g`,
    [like, size.users, USERS_SPAN_SECONDS / size.users],
  );
  const usersMs = performance.now() - usersStarted;

  const invoicesStarted = performance.now();
  const indexes = await data.query<{ indexname: string; indexdef: string }>(
    `SELECT indexname, indexdef FROM pg_indexes
      WHERE schemaname = current_schema() AND tablename = 'invoices'
        AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = 'invoices'::regclass)`,
  );
  for (const index of indexes) await data.query(`DROP INDEX ${pg.escapeIdentifier(index.indexname)}`);
  await data.query('SET session_replication_role = replica');
  await data.query(
    `WITH drawn AS MATERIALIZED (
       SELECT g,
              interval '1 hour' + ($1::int + 1 - g) * $2::float8 * interval '1 second' AS age,
              1 + floor($3::int * power(random(), 3))::int AS owner,
              random() AS r,
              random() AS a
         FROM generate_series(1, $1::int) AS g
     ), owners AS (
       SELECT id, row_number() OVER (ORDER BY id) AS n FROM users WHERE role = 'user'
     ), shaped AS (
       SELECT d.g, d.age, o.id AS user_id, round((5 + d.a * 495)::numeric, 2) AS amount,
              CASE WHEN d.r < 0.80 THEN 'paid' WHEN d.r < 0.92 THEN 'pending'
                   WHEN d.r < 0.96 THEN 'payment_requested' ELSE 'payment_failed' END AS status
         FROM drawn AS d JOIN owners AS o ON o.n = d.owner
     )
     INSERT INTO invoices (id, user_id, amount, currency, status, payment_attempt, charge_id, failure_reason,
                           created_at, updated_at, paid_at, version)
     SELECT uuidv7(-age), user_id, amount, CASE WHEN g % 10 = 0 THEN 'EUR' ELSE 'USD' END, status,
            CASE status WHEN 'pending' THEN 0 ELSE 1 END,
            CASE WHEN status = 'paid' THEN 'ch_seed_' || g END,
            CASE WHEN status = 'payment_failed' THEN 'card_declined' END,
            now() - age,
            now() - age + CASE WHEN status = 'pending' THEN interval '0' ELSE interval '2 minutes' END,
            CASE WHEN status = 'paid' THEN now() - age + interval '2 minutes' END,
            CASE status WHEN 'pending' THEN 1 WHEN 'payment_requested' THEN 2 ELSE 3 END
       FROM shaped
      ORDER BY g`,
    [size.invoices, INVOICES_SPAN_SECONDS / size.invoices, size.users],
  );
  await data.query('RESET session_replication_role');
  const indexesStarted = performance.now();
  for (const index of indexes) await data.query(index.indexdef);
  const invoiceIndexesMs = performance.now() - indexesStarted;
  const invoicesMs = performance.now() - invoicesStarted;

  const vacuumStarted = performance.now();
  await data.query('VACUUM (ANALYZE) users, invoices');
  return { usersMs, invoicesMs, invoiceIndexesMs, invoiceIndexes: indexes.length, vacuumAnalyzeMs: performance.now() - vacuumStarted };
}

export interface ListDataFacts {
  readonly users: number;
  readonly invoices: number;
  readonly pendingInvoices: number;
  /** The user with the most invoices: the filtered lists are theirs. */
  readonly busiestUserId: string;
  readonly busiestUserInvoices: number;
  readonly busiestUserPending: number;
  /** users + invoices with their indexes and TOAST, bytes. */
  readonly tablesBytes: number;
}

/** What the seeded database holds, for the report, and whom the filtered lists are for. */
export async function listDataFacts(data: BenchData): Promise<ListDataFacts> {
  const [busiest] = await data.query<{ user_id: string; invoices: string; pending: string }>(
    `SELECT user_id, count(*) AS invoices, count(*) FILTER (WHERE status = 'pending') AS pending
       FROM invoices GROUP BY user_id ORDER BY count(*) DESC, user_id LIMIT 1`,
  );
  const [totals] = await data.query<{ users: string; invoices: string; pending: string; bytes: string }>(
    `SELECT (SELECT count(*) FROM users) AS users,
            (SELECT count(*) FROM invoices) AS invoices,
            (SELECT count(*) FROM invoices WHERE status = 'pending') AS pending,
            pg_total_relation_size('users') + pg_total_relation_size('invoices') AS bytes`,
  );
  if (!busiest || !totals) throw new Error('the lists data has no invoices');
  return {
    users: Number(totals.users),
    invoices: Number(totals.invoices),
    pendingInvoices: Number(totals.pending),
    busiestUserId: busiest.user_id,
    busiestUserInvoices: Number(busiest.invoices),
    busiestUserPending: Number(busiest.pending),
    tablesBytes: Number(totals.bytes),
  };
}
