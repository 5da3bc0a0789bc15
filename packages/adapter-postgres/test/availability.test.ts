import { isDependencyUnavailable } from '@hexabill/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresDatabase } from '../src/index.js';
import { isDatabaseUnavailable } from '../src/pg-errors.js';
import { statement } from '../src/sql.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

const SELECT_ONE = statement('test.select-one', 'SELECT 1 AS one');
const PID = statement('test.backend-pid', 'SELECT pg_backend_pid() AS pid');

function watched(settings: { poolMax?: number; acquireTimeoutMs?: number } = {}): { database: PostgresDatabase; changes: boolean[] } {
  const changes: boolean[] = [];
  const database = new PostgresDatabase({
    connectionString: db.url,
    ...settings,
    onAvailabilityChange: (available) => {
      changes.push(available);
    },
  });
  return { database, changes };
}

describe('a database that cannot be reached', () => {
  it('is reported once when no pooled connection is free in time, and once when it is again', async () => {
    const { database, changes } = watched({ poolMax: 1, acquireTimeoutMs: 100 });
    try {
      const held = await database.connect();
      for (let i = 0; i < 3; i += 1) {
        const failed = await database.rows(SELECT_ONE).catch((error: unknown) => error);
        expect(isDependencyUnavailable(failed)).toBe(true);
        expect((failed as { dependency: string }).dependency).toBe('database');
      }
      expect(changes).toEqual([false]);
      expect(database.isAvailable).toBe(false);
      held.release();
      expect(await database.rows(SELECT_ONE)).toEqual([{ one: 1 }]);
      expect(changes).toEqual([false, true]);
    } finally {
      await database.close();
    }
  });

  it('throws DependencyUnavailableError when the server ends the connection (admin shutdown)', async () => {
    const { database, changes } = watched();
    try {
      const connection = await database.connect();
      const [row] = await connection.rows<{ pid: number }>(PID);
      await db.knex.raw('SELECT pg_terminate_backend(?)', [row?.pid ?? 0]);
      const failed = await connection.rows(SELECT_ONE).catch((error: unknown) => error);
      connection.release(failed instanceof Error ? failed : undefined);
      expect(isDependencyUnavailable(failed)).toBe(true);
      expect(changes).toEqual([false]);
      // A new connection works at once: recovery needs no restart.
      expect(await database.rows(SELECT_ONE)).toEqual([{ one: 1 }]);
      expect(changes).toEqual([false, true]);
    } finally {
      await database.close();
    }
  });

  it('throws the plain error for a statement the server refused: the database is there', async () => {
    const { database, changes } = watched();
    try {
      const failed = await database.rows(statement('test.broken', 'SELECT * FROM no_such_table')).catch((error: unknown) => error);
      expect(isDependencyUnavailable(failed)).toBe(false);
      expect(changes).toEqual([]);
    } finally {
      await database.close();
    }
  });

  it('recognises refused and broken connections, restarts and full servers, not other errors', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    expect(isDatabaseUnavailable(refused)).toBe(true);
    expect(
      isDatabaseUnavailable(
        new AggregateError(
          [refused, Object.assign(new Error('connect ECONNREFUSED ::1:1'), { code: 'ECONNREFUSED' })],
          'every address refused',
        ),
      ),
    ).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('the database system is starting up'), { code: '57P03' }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('too many clients'), { code: '53300' }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('connection failure'), { code: '08006' }))).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(false);
    expect(isDatabaseUnavailable(Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' }))).toBe(false);
    expect(isDatabaseUnavailable(new Error('something else'))).toBe(false);
  });
});
