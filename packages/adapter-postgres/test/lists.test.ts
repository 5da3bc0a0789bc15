import { ok, UuidV7Generator, systemClock, type InvoiceFilter, type SliceRequest } from '@hexabill/core';
import { aUser, anInvoice } from '@hexabill/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgUnitOfWork } from '../src/index.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';

let db: TestDatabase;
let uow: PgUnitOfWork;
beforeAll(async () => {
  db = await createTestDatabase();
  uow = new PgUnitOfWork(db.database, new UuidV7Generator(), systemClock);
});
afterAll(async () => {
  await db.drop();
});

describe('keyset lists on PostgreSQL', () => {
  it('walk every row exactly once, newest first, while new rows keep arriving', async () => {
    await db.truncate();
    const owner = aUser({ id: new UuidV7Generator().next() });
    await uow.transaction((tx) => tx.users.add(owner));
    const ids = new UuidV7Generator();
    const add = (count: number) =>
      uow.transaction(async (tx) => {
        for (let i = 0; i < count; i += 1) (await tx.invoices.add(anInvoice({ id: ids.next(), userId: owner.id })))._unsafeUnwrap();
        return ok(undefined);
      });
    await add(95);
    const before = new Set((await db.knex('invoices').select('id')).map((r: { id: string }) => r.id));

    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const slice = await uow.read((repos) => repos.invoices.slice({ userId: owner.id }, { limit: 10, ...(after ? { after } : {}) }));
      seen.push(...slice.items.map((i) => i.id));
      // Writers keep adding (newer) rows between pages; a walk towards older rows never meets them.
      await add(3);
      if (!slice.hasMore) break;
      after = slice.items.at(-1)?.id;
    }
    expect(seen).toHaveLength(95);
    expect(new Set(seen).size).toBe(95);
    expect(new Set(seen)).toEqual(before);
    expect(seen).toEqual([...seen].sort().reverse());
  });

  it('serve every filter combination from an index, reading only the rows a page needs (20,000 rows)', async () => {
    await db.truncate();
    await db.knex.raw(`
      INSERT INTO users (id, email, name, role, password_hash, created_at, updated_at, version)
      SELECT uuidv7(), 'u' || g || '@example.com', 'U', 'user', 'x', now(), now(), 1 FROM generate_series(1, 200) g`);
    await db.knex.raw(`
      INSERT INTO invoices (id, user_id, amount, currency, status, created_at, updated_at, paid_at, version)
      SELECT uuidv7(), u.id, 10, 'USD', s.status, now(), now(), CASE WHEN s.status = 'paid' THEN now() END, 1
        FROM users u, generate_series(1, 100) g,
             LATERAL (SELECT (ARRAY['pending','paid','payment_failed','payment_requested'])[1 + g % 4] AS status) s`);
    await db.knex.raw('ANALYZE users; ANALYZE invoices');
    const [{ id: userId }] = (await db.knex('users').select('id').limit(1)) as [{ id: string }];
    const [{ id: middle }] = (await db.knex('invoices').select('id').orderBy('id').offset(10_000).limit(1)) as [{ id: string }];

    const filters: [string, InvoiceFilter][] = [
      ['none', {}],
      ['user', { userId }],
      ['status', { status: 'paid' }],
      ['user and status', { userId, status: 'paid' }],
    ];
    const requests: [string, SliceRequest][] = [
      ['first page', { limit: 20 }],
      ['after a row', { limit: 20, after: middle }],
      ['before a row', { limit: 20, before: middle }],
    ];
    const plans: string[] = [];
    for (const [filterName, filter] of filters) {
      for (const [requestName, request] of requests) {
        const plan = await explainSlice(filter, request);
        plans.push(`${filterName} / ${requestName}: ${plan.nodes.join(' > ')} (${String(plan.rowsRead)} rows read)`);
        // An index serves it, and the rows read are bounded by the page (or by the few rows a narrow filter matches), not by the table.
        expect(plan.nodes.join(' '), `${filterName} / ${requestName}`).not.toMatch(/Seq Scan/);
        expect(plan.rowsRead, `${filterName} / ${requestName}`).toBeLessThanOrEqual(filter.userId && filter.status ? 100 : 21);
      }
    }
    console.log(`invoice list plans over 20,000 rows:\n  ${plans.join('\n  ')}`);
  });
});

/** EXPLAIN ANALYZE of the statement the repository runs for a slice, with its plan nodes. */
async function explainSlice(filter: InvoiceFilter, request: SliceRequest): Promise<{ nodes: string[]; rowsRead: number }> {
  const client = await db.database.connect();
  const captured: { text: string; values: unknown[] }[] = [];
  const spy = {
    rows: async <Row extends object>(statement: { name: string; text: string }, values: readonly unknown[] = []): Promise<Row[]> => {
      captured.push({ text: statement.text, values: [...values] });
      return client.rows<Row>(statement, values);
    },
    count: (statement: { name: string; text: string }, values: readonly unknown[] = []) => client.count(statement, values),
  };
  try {
    const { PgInvoiceRepository } = await import('../src/billing/pg-invoice-repository.js');
    await new PgInvoiceRepository(spy).slice(filter, request);
    const query = captured[0]!;
    const explained = await client.rows<{ 'QUERY PLAN': { Plan: PlanNode }[] }>(
      { name: '', text: `EXPLAIN (ANALYZE, FORMAT JSON) ${query.text}` },
      query.values,
    );
    const nodes: string[] = [];
    let rowsRead = 0;
    const walk = (node: PlanNode): void => {
      nodes.push(node['Index Name'] ? `${node['Node Type']} on ${node['Index Name']}` : node['Node Type']);
      if (node['Node Type'].includes('Scan')) rowsRead += node['Actual Rows'];
      for (const child of node.Plans ?? []) walk(child);
    };
    walk(explained[0]!['QUERY PLAN'][0]!.Plan);
    return { nodes, rowsRead };
  } finally {
    client.release();
  }
}

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Actual Rows': number;
  Plans?: PlanNode[];
}
