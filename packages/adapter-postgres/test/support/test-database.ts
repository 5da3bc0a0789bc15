import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { inject } from 'vitest';
import { createKnex, PostgresDatabase } from '../../src/index.js';
import { createMigratedDatabase, dropDatabase } from '../../src/testing/index.js';

export interface TestDatabase {
  readonly url: string;
  /** The pool the adapter's classes run on (POOL_MAX connections). */
  readonly database: PostgresDatabase;
  /** For the tests' own checks and for migrations. */
  readonly knex: Knex;
  /** Empties every table, so each test starts from a migrated, empty schema. */
  truncate(): Promise<void>;
  drop(): Promise<void>;
}

/** The pool size under test; CI also runs the suite with 1, which fails any query outside the transaction. */
export const POOL_MAX = Number(process.env.PG_POOL_MAX ?? 10);

/** A database of this test file's own, cloned from the migrated template, so files run in parallel. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `hexabill_test_${randomBytes(6).toString('hex')}`;
  const server = inject('postgresServerUrl');
  const url = await createMigratedDatabase(server, name, inject('postgresTemplate'));
  const knex = createKnex({ connectionString: url, poolMax: 2 });
  const database = new PostgresDatabase({ connectionString: url, poolMax: POOL_MAX, acquireTimeoutMs: 5_000 });
  return {
    url,
    database,
    knex,
    truncate: async () => {
      // Every table the migrations made, so a new one needs no edit here.
      const { rows } = await knex.raw<{ rows: { name: string }[] }>(
        "SELECT quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = 'public' AND tablename NOT LIKE 'knex\\_%'",
      );
      await knex.raw(`TRUNCATE ${rows.map((r) => r.name).join(', ')} RESTART IDENTITY CASCADE`);
    },
    drop: async () => {
      await database.close();
      await knex.destroy();
      await dropDatabase(server, name);
    },
  };
}
