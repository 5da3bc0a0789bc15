/**
 * A named SQL statement. The name makes `pg` prepare it once per connection and reuse the plan,
 * so PostgreSQL parses each statement once, not once per request.
 */
export interface Statement {
  readonly name: string;
  readonly text: string;
}

export function statement(name: string, text: string): Statement {
  return { name, text: text.replace(/\s+/g, ' ').trim() };
}

/** `Exclude` is `never` exactly when every key of `Row` is listed. */
type EveryKeyListed<Row, Listed extends readonly PropertyKey[]> =
  Exclude<keyof Row, Listed[number]> extends never ? Listed : { readonly missing: Exclude<keyof Row, Listed[number]> };

/**
 * The columns of a row type, in the order statements use them. The compiler refuses a list that
 * leaves a column out, so a new field cannot be forgotten in the inserts and updates built from it.
 */
export function columnsOf<Row>(): <const C extends readonly (keyof Row & string)[]>(columns: C & EveryKeyListed<Row, C>) => C {
  return (columns) => columns;
}

/** `INSERT INTO table (a, b, …) VALUES ($1, $2, …)` for every column. */
export function insertInto(table: string, columns: readonly string[], suffix = ''): string {
  const placeholders = columns.map((_, i) => `$${String(i + 1)}`);
  return `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${placeholders.join(', ')}) ${suffix}`.trim();
}

/**
 * `UPDATE table SET b = $2, … WHERE id = $1 AND version = $n` for every column but the key: the
 * row carries its new version, `$n` is the version the caller read (optimistic concurrency).
 */
export function updateAtVersion(table: string, columns: readonly string[]): string {
  const assignments = columns.map((column, i) => (column === 'id' ? null : `${column} = $${String(i + 1)}`)).filter((a) => a !== null);
  const idIndex = columns.indexOf('id') + 1;
  return `UPDATE ${table} SET ${assignments.join(', ')} WHERE id = $${String(idIndex)} AND version = $${String(columns.length + 1)}`;
}

/** The row's values in column order, for the statements above. */
export function valuesOf<Row>(row: Row, columns: readonly (keyof Row & string)[]): unknown[] {
  return columns.map((column) => row[column]);
}
