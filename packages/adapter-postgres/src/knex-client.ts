import knexFactory, { type Knex } from 'knex';

/**
 * A knex instance for the migrations (knex's migrator and schema builder). The running services
 * query through `PostgresDatabase` instead; one small pool here is enough.
 */
export function createKnex(settings: { readonly connectionString: string; readonly poolMax?: number }): Knex {
  return knexFactory({
    client: 'pg',
    connection: { connectionString: settings.connectionString },
    pool: { min: 0, max: settings.poolMax ?? 1 },
    acquireConnectionTimeout: 10_000,
  });
}
