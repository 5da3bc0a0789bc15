import { DependencyUnavailableError } from '@hexabill/core';
import pg from 'pg';
import { isDatabaseUnavailable } from './pg-errors.js';
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
  /**
   * Told when the database stops answering (with the error that showed it) and when it answers
   * again: once per change, however many queries fail in between.
   */
  readonly onAvailabilityChange?: (available: boolean, error?: Error) => void;
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

type Guard = <T>(run: () => Promise<T>) => Promise<T>;

class ClientDb implements Db {
  constructor(
    private readonly client: pg.ClientBase | pg.Pool,
    private readonly guard: Guard,
  ) {}

  async rows<Row extends object>(statement: Statement, values: readonly unknown[] = []): Promise<Row[]> {
    const result = await this.guard(() =>
      this.client.query<Row>({ name: statement.name, text: statement.text, values: values as unknown[] }),
    );
    return result.rows;
  }

  async count(statement: Statement, values: readonly unknown[] = []): Promise<number> {
    const result = await this.guard(() => this.client.query({ name: statement.name, text: statement.text, values: values as unknown[] }));
    return result.rowCount ?? 0;
  }
}

/**
 * hexabill's connection pool on PostgreSQL. Errors of idle connections are reported, not thrown:
 * when PostgreSQL restarts, the pool drops the dead connections and the next query gets a new one.
 * A query that fails because the database cannot be reached (refused, lost, restarting, no pooled
 * connection in time) throws core's `DependencyUnavailableError`, which an API answers with 503;
 * `onAvailabilityChange` hears of the outage once and of the recovery once.
 */
export class PostgresDatabase implements Db {
  readonly #pool: pg.Pool;
  readonly #db: ClientDb;
  readonly #onAvailabilityChange: (available: boolean, error?: Error) => void;
  #available = true;
  readonly #guard: Guard = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      const value = await run();
      this.#markAvailable(true);
      return value;
    } catch (error) {
      if (!isDatabaseUnavailable(error)) {
        // The server answered (a constraint, a syntax error, a timeout of one statement): it is there.
        this.#markAvailable(true);
        throw error;
      }
      const cause = error instanceof Error ? error : new Error(String(error));
      this.#markAvailable(false, cause);
      throw new DependencyUnavailableError('database', `The database is unavailable: ${cause.message}`, { cause });
    }
  };

  constructor(settings: PostgresSettings) {
    this.#pool = new pg.Pool({
      connectionString: settings.connectionString,
      max: settings.poolMax ?? 10,
      connectionTimeoutMillis: settings.acquireTimeoutMs ?? 10_000,
      ...(settings.statementTimeoutMs ? { statement_timeout: settings.statementTimeoutMs } : {}),
    });
    const onIdleError = settings.onIdleError ?? (() => undefined);
    this.#pool.on('error', onIdleError);
    this.#onAvailabilityChange = settings.onAvailabilityChange ?? (() => undefined);
    this.#db = new ClientDb(this.#pool, this.#guard);
  }

  rows<Row extends object>(statement: Statement, values?: readonly unknown[]): Promise<Row[]> {
    return this.#db.rows<Row>(statement, values);
  }

  count(statement: Statement, values?: readonly unknown[]): Promise<number> {
    return this.#db.count(statement, values);
  }

  /** One connection of the pool, for statements that must share it (a transaction). Release it once. */
  async connect(): Promise<Connection> {
    const client = await this.#guard(() => this.#pool.connect());
    return Object.assign(new ClientDb(client, this.#guard), {
      release: (discard?: Error) => {
        client.release(discard);
      },
    });
  }

  /** Whether the database answers a trivial query now. */
  async isReachable(): Promise<boolean> {
    try {
      await this.#guard(() => this.#pool.query('SELECT 1'));
      return true;
    } catch {
      return false;
    }
  }

  stats(): PoolStats {
    return { inUse: this.#pool.totalCount - this.#pool.idleCount, idle: this.#pool.idleCount, waiting: this.#pool.waitingCount };
  }

  /** As last seen by a query: false from the first query that found the database unreachable until one succeeds. */
  get isAvailable(): boolean {
    return this.#available;
  }

  #markAvailable(available: boolean, error?: Error): void {
    if (this.#available === available) return;
    this.#available = available;
    this.#onAvailabilityChange(available, error);
  }

  async close(): Promise<void> {
    if (!this.#pool.ended) await this.#pool.end();
  }
}
