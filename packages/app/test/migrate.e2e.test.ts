import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { MIGRATION_NAMES } from '@hexabill/adapter-postgres';
import { dropDatabase } from '@hexabill/adapter-postgres/testing';
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
      expect(unknown.out).toContain('usage: main.js api | worker | migrate');
    } finally {
      await dropDatabase(server, name);
    }
  });
});
