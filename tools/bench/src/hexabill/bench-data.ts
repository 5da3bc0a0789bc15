import pg from 'pg';

/** A URL for database `name` on the server `serverUrl` points at. */
export function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Drops and creates `name` on the server (the bench's own, embedded PostgreSQL); returns its URL. */
export async function createDatabase(serverUrl: string, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
  return databaseUrl(serverUrl, name);
}

/**
 * The bench's SQL on hexabill's tables (users, invoices, outbox): bulk data the HTTP API would take
 * too long to create, the promotion of one user to admin, and the clean-up between runs. One
 * connection, used only outside measured windows.
 */
export class BenchData {
  private constructor(private readonly client: pg.Client) {}

  static async connect(url: string): Promise<BenchData> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    return new BenchData(client);
  }

  async close(): Promise<void> {
    await this.client.end();
  }

  async query<R extends pg.QueryResultRow>(sql: string, values: unknown[] = []): Promise<R[]> {
    return (await this.client.query<R>(sql, values)).rows;
  }

  async serverVersion(): Promise<string> {
    const rows = await this.query<{ server_version: string }>('SHOW server_version');
    return rows[0]?.server_version ?? '?';
  }

  async promoteToAdmin(userId: string): Promise<void> {
    await this.query(`UPDATE users SET role = 'admin' WHERE id = $1`, [userId]);
  }

  /** `count` users, older than everyone registered so far, sharing the password hash of `like`. */
  async insertUsers(count: number, like: string): Promise<void> {
    await this.query(
      `INSERT INTO users (id, email, name, age, role, password_hash, created_at, updated_at, version)
       SELECT uuidv7(), 'filler-' || g || '@example.com', 'Filler ' || g, 20 + g % 60, 'user',
              (SELECT password_hash FROM users WHERE id = $1),
              now() - g * interval '1 minute', now() - g * interval '1 minute', 1
         FROM generate_series(1, $2::int) AS g`,
      [like, count],
    );
  }

  /** `perUser` pending invoices for each of the `users` oldest filler users (the rest of the table). */
  async insertInvoicesForFillers(users: number, perUser: number): Promise<void> {
    await this.query(
      `INSERT INTO invoices (id, user_id, amount, currency, status, created_at, updated_at, version)
       SELECT uuidv7(), u.id, 10 + g % 90, 'USD', 'pending', now() - g * interval '1 minute', now() - g * interval '1 minute', 1
         FROM (SELECT id FROM users WHERE email LIKE 'filler-%' ORDER BY created_at LIMIT $1) AS u,
              generate_series(1, $2::int) AS g`,
      [users, perUser],
    );
  }

  /** `count` pending invoices of `userId`, created in the past, amounts without declined cents; their ids, newest last. */
  async insertPendingInvoices(userId: string, count: number): Promise<string[]> {
    const rows = await this.query<{ id: string }>(
      `INSERT INTO invoices (id, user_id, amount, currency, status, created_at, updated_at, version)
       SELECT uuidv7(), $1, 10 + g % 90, 'USD', 'pending', now() - interval '1 day' + g * interval '1 ms', now() - interval '1 day', 1
         FROM generate_series(1, $2::int) AS g
       RETURNING id`,
      [userId, count],
    );
    return rows.map((r) => r.id);
  }

  async deleteInvoicesOf(userId: string): Promise<void> {
    await this.query('DELETE FROM invoices WHERE user_id = $1', [userId]);
  }

  /** Puts the tables back to the seeded state between runs, so every run starts from the same data. */
  async resetWrites(userIds: readonly string[]): Promise<void> {
    for (const id of userIds) await this.deleteInvoicesOf(id);
    await this.query('TRUNCATE outbox');
    await this.query('VACUUM (ANALYZE) invoices, outbox');
  }

  async analyze(): Promise<void> {
    await this.query('ANALYZE');
  }
}
