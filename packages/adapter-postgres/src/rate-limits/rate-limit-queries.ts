import type { Db } from '../pg-database.js';
import { statement } from '../sql.js';

/**
 * Counts one attempt against `key` atomically: a window older than `windowSeconds` starts over at
 * 1, otherwise the count goes up. Returns the count and the seconds left in the window.
 */
const COUNT_ATTEMPT = statement(
  'rate-limits.count-attempt',
  `INSERT INTO rate_limits AS r (key, window_started_at, count) VALUES ($1, now(), 1)
   ON CONFLICT (key) DO UPDATE SET
     count = CASE WHEN r.window_started_at <= now() - make_interval(secs => $2) THEN 1 ELSE r.count + 1 END,
     window_started_at = CASE WHEN r.window_started_at <= now() - make_interval(secs => $2) THEN now() ELSE r.window_started_at END
   RETURNING count, extract(epoch FROM (window_started_at + make_interval(secs => $2) - now())) AS seconds_left`,
);
/** Drops counters whose window ended long ago. */
const DELETE_STALE = statement(
  'rate-limits.delete-stale',
  'DELETE FROM rate_limits WHERE window_started_at < $1::timestamptz - make_interval(secs => $2)',
);

export async function countAttempt(db: Db, key: string, windowSeconds: number): Promise<{ count: number; secondsLeft: number }> {
  const [row] = await db.rows<{ count: number; seconds_left: string }>(COUNT_ATTEMPT, [key, windowSeconds]);
  return { count: row?.count ?? 1, secondsLeft: Number(row?.seconds_left ?? windowSeconds) };
}

export function deleteStaleRateLimits(db: Db, now: Date, olderThanSeconds: number): Promise<number> {
  return db.count(DELETE_STALE, [now, olderThanSeconds]);
}
