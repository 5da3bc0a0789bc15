import type { Knex } from 'knex';

/** A pooled connection, opaque here: knex hands it out and takes it back. */
type PooledConnection = object;

interface PoolAccess {
  acquireConnection(): Promise<PooledConnection>;
  releaseConnection(connection: PooledConnection): Promise<void>;
}

/**
 * Runs `use` with a query builder bound to one pooled connection: every statement built from it
 * runs on that connection, so `BEGIN … COMMIT` around them is one transaction. Cheaper per call
 * than `knex.transaction()`, which builds a whole knex instance each time.
 */
export async function withConnection<T>(knex: Knex, use: (db: Knex) => Promise<T>): Promise<T> {
  const pool = knex.client as PoolAccess;
  const connection = await pool.acquireConnection();
  try {
    return await use(bindToConnection(knex, connection));
  } finally {
    await pool.releaseConnection(connection);
  }
}

/**
 * The parts of the knex interface the query functions use — `db(table)`, `db.raw`, `db.fn` —
 * with every statement pinned to `connection`.
 */
function bindToConnection(knex: Knex, connection: PooledConnection): Knex {
  const bound = (table: string) => knex(table).connection(connection);
  return Object.assign(bound, {
    raw: (sql: string, bindings?: Knex.RawBinding[] | Knex.ValueDict) =>
      (bindings === undefined ? knex.raw(sql) : knex.raw(sql, bindings)).connection(connection),
    fn: knex.fn,
  }) as unknown as Knex;
}
