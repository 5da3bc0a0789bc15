import knexFactory, { type Knex } from 'knex';

export interface PostgresSettings {
  readonly connectionString: string;
  /** Largest number of pooled connections. */
  readonly poolMax?: number;
  /** How long a query may wait for a pooled connection before failing. */
  readonly acquireTimeoutMs?: number;
  /** Per-statement limit enforced by the server. */
  readonly statementTimeoutMs?: number;
  /** Told about errors of idle pooled connections (e.g. the server went away) instead of crashing. */
  readonly onPoolError?: (error: Error) => void;
}

/**
 * A knex instance on `pg`. Idle-connection errors are reported, not thrown: when PostgreSQL
 * restarts, the pool drops the dead connections and the next query gets a new one.
 */
export function createKnex(settings: PostgresSettings): Knex {
  const onPoolError = settings.onPoolError ?? (() => undefined);
  return knexFactory({
    client: 'pg',
    connection: {
      connectionString: settings.connectionString,
      ...(settings.statementTimeoutMs ? { statement_timeout: settings.statementTimeoutMs } : {}),
    },
    pool: {
      min: 0,
      max: settings.poolMax ?? 10,
      afterCreate(
        connection: { on(event: 'error', listener: (error: Error) => void): void },
        done: (error: Error | null, connection: unknown) => void,
      ) {
        connection.on('error', onPoolError);
        done(null, connection);
      },
    },
    acquireConnectionTimeout: settings.acquireTimeoutMs ?? 10_000,
  });
}

/** Whether the database answers a trivial query now. */
export async function isDatabaseReachable(knex: Knex): Promise<boolean> {
  try {
    await knex.raw('select 1');
    return true;
  } catch {
    return false;
  }
}
