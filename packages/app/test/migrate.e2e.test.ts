import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { MIGRATION_NAMES } from '@hexabill/adapter-postgres';
import { createMigratedDatabase, dropDatabase } from '@hexabill/adapter-postgres/testing';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';

const main = join(dirname(fileURLToPath(import.meta.url)), '../dist/entrypoints/main.js');
const run = promisify(execFile);

async function cli(args: string[], env: Record<string, string>): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [main, ...args], { env: { PATH: process.env.PATH ?? '', ...env } });
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

describe('the container entrypoint and migrate', () => {
  it('migrates up, reports status, rolls back, and names a missing DATABASE_URL', async () => {
    const server = inject('postgresServerUrl');
    const name = `hexabill_test_cli_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: server });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(server);
    url.pathname = `/${name}`;
    const env = { DATABASE_URL: url.toString() };
    try {
      expect(await cli(['migrate', 'status'], env)).toEqual({
        code: 0,
        out: `applied: (none)\npending: ${MIGRATION_NAMES.join(', ')}\n`,
      });
      expect(await cli(['migrate', 'latest'], env)).toEqual({ code: 0, out: `applied: ${MIGRATION_NAMES.join(', ')}\n` });
      expect(await cli(['migrate', 'latest'], env)).toEqual({ code: 0, out: 'already up to date\n' });
      expect(await cli(['migrate', 'rollback', '--all'], env)).toEqual({
        code: 0,
        out: `rolled back: ${[...MIGRATION_NAMES].reverse().join(', ')}\n`,
      });
      const missing = await cli(['migrate', 'latest'], {});
      expect(missing.code).toBe(1);
      expect(missing.out).toContain('DATABASE_URL: is required');
      const unknown = await cli(['serve'], env);
      expect(unknown.code).toBe(2);
      expect(unknown.out).toContain('usage: main.js api | worker | housekeep | migrate');
    } finally {
      await dropDatabase(server, name);
    }
  });
});

describe('housekeep', () => {
  it('deletes what is past its window, keeps the rest, and prints what it did and the tables’ sizes', async () => {
    const server = inject('postgresServerUrl');
    const name = `hexabill_test_housekeep_${randomBytes(4).toString('hex')}`;
    const url = await createMigratedDatabase(server, name);
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    try {
      const event = (n: number, published: string | null) =>
        db.query(
          `INSERT INTO outbox (event_id, event_type, event_version, aggregate_type, aggregate_id, occurred_at, payload, published_at)
           VALUES ($1, 'user.created', 1, 'user', 'a', now(), '{}', $2)`,
          [`00000000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`, published],
        );
      await event(1, new Date(Date.now() - 8 * 86_400_000).toISOString()); // published 8 days ago: goes (window 7)
      await event(2, new Date(Date.now() - 86_400_000).toISOString()); // published yesterday: stays
      await event(3, null); // never published: stays, whatever its age
      await db.query("UPDATE outbox SET created_at = now() - interval '90 days' WHERE published_at IS NULL");
      await db.query(
        "INSERT INTO processed_messages (consumer, event_id, processed_at) VALUES ('audit', $1, now() - interval '31 days'), ('audit', $2, now())",
        ['00000000-0000-7000-8000-0000000000a1', '00000000-0000-7000-8000-0000000000a2'],
      );

      const result = await cli(['housekeep'], { DATABASE_URL: url });
      expect(result.code).toBe(0);
      const report = JSON.parse(result.out) as { swept: Record<string, number>; failed: string[]; tables: { table: string }[] };
      expect(report.swept).toMatchObject({ outbox: 1, processed_messages: 1 });
      expect(report.failed).toEqual([]);
      expect(report.tables.map((t) => t.table)).toEqual(['outbox', 'processed_messages', 'idempotency_keys', 'rate_limits']);
      const left = await db.query<{ n: string }>('SELECT count(*) AS n FROM outbox');
      expect(left.rows[0]?.n).toBe('2');

      const tooShort = await cli(['housekeep'], { DATABASE_URL: url, INBOX_RETENTION_DAYS: '10' });
      expect(tooShort.code).toBe(1);
      expect(tooShort.out).toContain('INBOX_RETENTION_DAYS: must be longer than 18 days');
      const worker = await cli(['worker'], { DATABASE_URL: url, INBOX_RETENTION_DAYS: '10' });
      expect(worker.code).toBe(1);
      expect(worker.out).toContain('INBOX_RETENTION_DAYS: must be longer than 18 days');
    } finally {
      await db.end();
      await dropDatabase(server, name);
    }
  });
});
