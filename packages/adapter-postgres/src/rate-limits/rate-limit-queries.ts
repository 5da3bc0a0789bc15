import type { Knex } from 'knex';

/**
 * Counts one attempt against `key` atomically: a window older than `windowSeconds` starts over at
 * 1, otherwise the count goes up. Returns the count and the seconds left in the window.
 */
export async function countAttempt(db: Knex, key: string, windowSeconds: number): Promise<{ count: number; secondsLeft: number }> {
  const { rows } = await db.raw<{ rows: { count: number; seconds_left: string }[] }>(
    `INSERT INTO rate_limits AS r (key, window_started_at, count) VALUES (?, now(), 1)
     ON CONFLICT (key) DO UPDATE SET
       count = CASE WHEN r.window_started_at <= now() - make_interval(secs => ?) THEN 1 ELSE r.count + 1 END,
       window_started_at = CASE WHEN r.window_started_at <= now() - make_interval(secs => ?) THEN now() ELSE r.window_started_at END
     RETURNING count, extract(epoch FROM (window_started_at + make_interval(secs => ?) - now())) AS seconds_left`,
    [key, windowSeconds, windowSeconds, windowSeconds],
  );
  const row = rows[0];
  return { count: row?.count ?? 1, secondsLeft: Number(row?.seconds_left ?? windowSeconds) };
}

/** Drops counters whose window ended long ago. */
export async function deleteStaleRateLimits(db: Knex, olderThanSeconds: number): Promise<number> {
  return db('rate_limits')
    .where('window_started_at', '<', db.raw('now() - make_interval(secs => ?)', [olderThanSeconds]))
    .delete();
}
