/**
 * The baseline the API is measured against: Hono + @hono/node-server + a pg Pool(10), in a process of
 * its own, doing per request the SQL a correct implementation needs and nothing else — no auth, no
 * validation, no logging. tools/bench/README.md lists what each route does.
 *
 *   DATABASE_URL=… PORT=… node bare-server.js
 */
import { randomUUID } from 'node:crypto';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import pg from 'pg';

const USER_COLUMNS = 'id, email, name, age, role, created_at, updated_at, version';
const INVOICE_COLUMNS = 'id, user_id, amount, currency, status, created_at, updated_at, paid_at, version';
const PAGE_SIZE = 20;

/** PostgreSQL's foreign_key_violation: the invoice's user does not exist. */
const FOREIGN_KEY_VIOLATION = '23503';

interface InvoiceRow {
  readonly id: string;
  readonly user_id: string;
  readonly amount: string;
  readonly currency: string;
}

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
pool.on('error', () => undefined);

/** BEGIN … COMMIT on one pooled connection; ROLLBACK when `work` throws or returns undefined. */
async function inTransaction<T>(work: (client: pg.PoolClient) => Promise<T | undefined>): Promise<T | undefined> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query(result === undefined ? 'ROLLBACK' : 'COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** The event row the product's outbox relay would publish, written in the same transaction. */
async function appendToOutbox(client: pg.PoolClient, eventType: string, invoice: InvoiceRow): Promise<void> {
  await client.query(
    `INSERT INTO outbox (event_id, event_type, event_version, aggregate_type, aggregate_id, occurred_at, payload, headers)
     VALUES (uuidv7(), $1, 1, 'invoice', $2, now(), $3, $4)`,
    [
      eventType,
      invoice.id,
      JSON.stringify({ invoice_id: invoice.id, user_id: invoice.user_id, amount: invoice.amount, currency: invoice.currency }),
      JSON.stringify({ correlation_id: randomUUID(), causation_id: null }),
    ],
  );
}

/** The first PAGE_SIZE of `rows` (fetched PAGE_SIZE + 1), and whether there were more. */
function slice<R>(rows: readonly R[]): { items: R[]; has_more: boolean } {
  return { items: rows.slice(0, PAGE_SIZE), has_more: rows.length > PAGE_SIZE };
}

const app = new Hono();

app.get('/health', (c) => c.text('ok'));

app.get('/users/:id', async (c) => {
  const { rows } = await pool.query(`SELECT ${USER_COLUMNS} FROM users WHERE id = $1`, [c.req.param('id')]);
  return rows[0] ? c.json(rows[0]) : c.json({ error: 'not found' }, 404);
});

// Lists as a correct keyset implementation reads them: newest first by id (UUIDv7), one row more than
// the page to know whether there is a next one, and no count.
app.get('/users', async (c) => {
  const { rows } = await pool.query(`SELECT ${USER_COLUMNS} FROM users ORDER BY id DESC LIMIT $1`, [PAGE_SIZE + 1]);
  return c.json(slice(rows));
});

app.get('/invoices', async (c) => {
  const { rows } = await pool.query(`SELECT ${INVOICE_COLUMNS} FROM invoices WHERE user_id = $1 ORDER BY id DESC LIMIT $2`, [
    c.req.query('user_id'),
    PAGE_SIZE + 1,
  ]);
  return c.json(slice(rows));
});

app.post('/invoices', async (c) => {
  const body = await c.req.json<{ user_id: string; amount: string; currency?: string }>();
  try {
    const invoice = await inTransaction(async (client) => {
      // The foreign key checks that the user exists, inside the insert.
      const { rows } = await client.query<InvoiceRow>(
        `INSERT INTO invoices (id, user_id, amount, currency, status, created_at, updated_at, version)
         VALUES (uuidv7(), $1, $2, $3, 'pending', now(), now(), 1) RETURNING ${INVOICE_COLUMNS}`,
        [body.user_id, body.amount, body.currency ?? 'USD'],
      );
      const row = rows[0];
      if (row) await appendToOutbox(client, 'invoice.created', row);
      return row;
    });
    return c.json(invoice, 201);
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === FOREIGN_KEY_VIOLATION) return c.json({ error: 'no such user' }, 404);
    throw error;
  }
});

app.post('/invoices/:id/request-payment', async (c) => {
  const invoice = await inTransaction(async (client) => {
    const { rows } = await client.query<InvoiceRow>(
      `UPDATE invoices
          SET status = 'payment_requested', payment_attempt = payment_attempt + 1, updated_at = now(), version = version + 1
        WHERE id = $1 AND status IN ('pending', 'payment_failed')
    RETURNING ${INVOICE_COLUMNS}`,
      [c.req.param('id')],
    );
    const row = rows[0];
    if (row) await appendToOutbox(client, 'invoice.payment_requested', row);
    return row;
  });
  return invoice ? c.json(invoice, 202) : c.json({ error: 'not found, or not payable' }, 409);
});

app.onError((error, c) => {
  process.stderr.write(`${error.message}\n`);
  return c.json({ error: 'internal' }, 500);
});

const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: Number(process.env.PORT) });

process.once('SIGTERM', () => {
  server.close(() => {
    void pool.end().then(() => process.exit(0));
  });
  // closeAllConnections exists on node:http servers; keep-alive sockets would hold close() open.
  if ('closeAllConnections' in server) server.closeAllConnections();
});
