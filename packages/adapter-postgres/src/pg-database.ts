import pg from 'pg';
import type { Statement } from './sql.js';

/**
 * What query functions run on: the pool (each statement on whichever connection is free) or one
 * transaction's connection. Nothing else of `pg` leaks into the queries.
 */
export interface Db {
  /** The rows the statement returns. */
  rows<Row extends object>(statement: Statement, values?: readonly unknown[]): Promise<Row[]>;
  /** How many rows the statement wrote. */
  count(statement: Statement, values?: readonly unknown[]): Promise<number>;
}

export interface PostgresSettings {
  readonly connectionString: string;
  /** Largest number of pooled connections (default 10). */
  readonly poolMax?: number;
  /** How long a query may wait for a connection (a free one, or a new one) before failing. */
  readonly acquireTimeoutMs?: number;
  /** Per-statement limit enforced by the server. */
  readonly statementTimeoutMs?: number;
  /** Told about errors of idle pooled connections (e.g. the server went away) instead of crashing. */
  readonly onIdleError?: (error: Error) => void;
}

export interface Connection extends Db {
  /** Hands the connection back; with an error it is closed instead (its state is unknown). */
  release(discard?: Error): void;
}

export interface PoolStats {
  readonly inUse: number;
  readonly idle: number;
  /** Queries waiting for a connection. */
  readonly waiting: number;
}

class ClientDb implements Db {
  constructor(private readonly client: pg.ClientBase | pg.Pool) {}

  async rows<Row extends object>(statement: Statement, values: readonly unknown[] = []): Promise<Row[]> {
    const result = await this.client.query<Row>({ name: statement.name, text: statement.text, values: values as unknown[] });
    return result.rows;
  }

  async count(statement: Statement, values: readonly unknown[] = []): Promise<number> {
    const result = await this.client.query({ name: statement.name, text: statement.text, values: values as unknown[] });
    return result.rowCount ?? 0;
  }
}

/**
 * hexabill's connection pool on PostgreSQL. Errors of idle connections are reported, not thrown:
 * when PostgreSQL restarts, the pool drops the dead connections and the next query gets a new one.
 */
export class PostgresDatabase implements Db {
  readonly #pool: pg.Pool;
  readonly #db: ClientDb;

  constructor(settings: PostgresSettings) {
    this.#pool = new pg.Pool({
      connectionString: settings.connectionString,
      max: settings.poolMax ?? 10,
      connectionTimeoutMillis: settings.acquireTimeoutMs ?? 10_000,
      ...(settings.statementTimeoutMs ? { statement_timeout: settings.statementTimeoutMs } : {}),
    });
    const onIdleError = settings.onIdleError ?? (() => undefined);
    this.#pool.on('error', onIdleError);
    this.#db = new ClientDb(this.#pool);
  }

  rows<Row extends object>(statement: Statement, values?: readonly unknown[]): Promise<Row[]> {
    return this.#db.rows<Row>(statement, values);
  }

  count(statement: Statement, values?: readonly unknown[]): Promise<number> {
    return this.#db.count(statement, values);
  }

  /** One connection of the pool, for statements that must share it (a transaction). Release it once. */
  async connect(): Promise<Connection> {
    const client = await this.#pool.connect();
    return Object.assign(new ClientDb(client), {
      release: (discard?: Error) => {
        client.release(discard);
      },
    });
  }

  /** Whether the database answers a trivial query now. */
  async isReachable(): Promise<boolean> {
    try {
      await this.#pool.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  stats(): PoolStats {
    return { inUse: this.#pool.totalCount - this.#pool.idleCount, idle: this.#pool.idleCount, waiting: this.#pool.waitingCount };
  }

  async close(): Promise<void> {
    if (!this.#pool.ended) await this.#pool.end();
  }
}
