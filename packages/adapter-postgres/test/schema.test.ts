import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Invoice, Money, Principals, RegisterUser, UuidV7Generator, err, systemClock } from '@hexabill/core';
import { FakePasswordHasher } from '@hexabill/core/testing';
import {
  PgOutboxStore,
  PgUnitOfWork,
  migrateLatest,
  migrateRollback,
  migrationStatus,
  MIGRATION_NAMES,
  PgNotificationListener,
  OUTBOX_CHANNEL,
} from '../src/index.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';
import { assertTestDatabaseName } from '../src/testing/index.js';
import { up as upTo0005 } from '../src/migrations/0005-payment-attempts.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

describe('migrations', () => {
  it('are indexed from the numbered files of their folder (the build regenerates the index)', () => {
    const script = fileURLToPath(new URL('../scripts/index-migrations.mjs', import.meta.url));
    expect(() => execFileSync(process.execPath, [script, '--check'], { stdio: 'pipe' })).not.toThrow();
    const files = readdirSync(fileURLToPath(new URL('../src/migrations/', import.meta.url)))
      .filter((file) => /^\d{4,}-.*\.ts$/.test(file))
      .map((file) => file.replace(/\.ts$/, ''))
      .sort();
    expect([...MIGRATION_NAMES]).toEqual(files);
  });

  it('roll all the way down and up again', async () => {
    expect(await migrationStatus(db.knex)).toEqual({ applied: [...MIGRATION_NAMES], pending: [] });
    expect(await migrateRollback(db.knex, true)).toEqual([...MIGRATION_NAMES].reverse());
    const { rows } = await db.knex.raw<{ rows: { table_name: string }[] }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name NOT LIKE 'knex_%'",
    );
    expect(rows).toEqual([]);
    expect(await migrateLatest(db.knex)).toEqual([...MIGRATION_NAMES]);
    expect(await migrateLatest(db.knex)).toEqual([]);
  });
});

describe('migration 0005', () => {
  it('enters the payments already requested in the payment ledger, due for reconciliation, and nothing else', async () => {
    await db.truncate();
    const userId = '00000000-0000-7000-8000-0000000000d1';
    const now = new Date();
    await db.knex('users').insert({
      id: userId,
      email: 'm@example.com',
      name: 'M',
      role: 'user',
      password_hash: 'h',
      created_at: now,
      updated_at: now,
      version: 1,
    });
    const row = (id: string, status: string, attempt: number, paidAt: Date | null = null) => ({
      id,
      user_id: userId,
      amount: '12.50',
      currency: 'EUR',
      status,
      payment_attempt: attempt,
      charge_id: paidAt ? 'ch_old' : null,
      created_at: now,
      updated_at: now,
      paid_at: paidAt,
      version: 1,
    });
    await db
      .knex('invoices')
      .insert([
        row('00000000-0000-7000-8000-0000000000e1', 'payment_requested', 2),
        row('00000000-0000-7000-8000-0000000000e2', 'paid', 1, now),
        row('00000000-0000-7000-8000-0000000000e3', 'pending', 0),
      ]);
    await db.knex.raw('DROP TABLE payment_attempts');
    await upTo0005(db.knex);
    const entries = await db.knex('payment_attempts').select();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      invoice_id: '00000000-0000-7000-8000-0000000000e1',
      attempt: 2,
      user_id: userId,
      idempotency_key: '00000000-0000-7000-8000-0000000000e1:2',
      amount: '12.50',
      currency: 'EUR',
      state: 'requested',
    });
    expect(entries[0].check_after.getTime()).toBeGreaterThan(now.getTime());
  });
});

describe('the schema itself guards the data', () => {
  const user = {
    id: '00000000-0000-7000-8000-0000000000aa',
    email: 'x@example.com',
    name: 'X',
    role: 'user',
    password_hash: 'h',
    created_at: new Date(),
    updated_at: new Date(),
    version: 1,
  };
  const invoice = (overrides: Record<string, unknown>) => ({
    id: new UuidV7Generator().next(),
    user_id: user.id,
    amount: '1.00',
    currency: 'USD',
    status: 'pending',
    created_at: new Date(),
    updated_at: new Date(),
    version: 1,
    ...overrides,
  });

  it('rejects amounts that are not positive, unknown statuses, and paid without paid_at', async () => {
    await db.truncate();
    await db.knex('users').insert(user);
    await expect(db.knex('invoices').insert(invoice({ amount: '0.00' }))).rejects.toThrow(/check constraint/);
    await expect(db.knex('invoices').insert(invoice({ amount: '-5.00' }))).rejects.toThrow(/check constraint/);
    await expect(db.knex('invoices').insert(invoice({ status: 'lost' }))).rejects.toThrow(/check constraint/);
    await expect(db.knex('invoices').insert(invoice({ status: 'paid' }))).rejects.toThrow(/invoices_paid_has_paid_at/);
    await expect(db.knex('invoices').insert(invoice({ user_id: '00000000-0000-7000-8000-0000000000bb' }))).rejects.toThrow(/foreign key/);
  });

  it('keeps emails unique whatever their case', async () => {
    await db.truncate();
    await db.knex('users').insert(user);
    await expect(db.knex('users').insert({ ...user, id: '00000000-0000-7000-8000-0000000000cc', email: 'X@example.com' })).rejects.toThrow(
      /check constraint|users_email_unique/,
    );
  });

  it('stores money exactly (NUMERIC), never as a float', async () => {
    const { rows } = await db.knex.raw<{ rows: { data_type: string; numeric_scale: number }[] }>(
      "SELECT data_type, numeric_scale FROM information_schema.columns WHERE table_name = 'invoices' AND column_name = 'amount'",
    );
    expect(rows).toEqual([{ data_type: 'numeric', numeric_scale: 2 }]);
  });

  it('uses timestamptz for every timestamp', async () => {
    const { rows } = await db.knex.raw<{ rows: { table_name: string; column_name: string }[] }>(
      "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND data_type = 'timestamp without time zone' AND table_name NOT LIKE 'knex_%'",
    );
    expect(rows).toEqual([]);
  });
});

describe('outbox notifications', () => {
  it('wake a subscriber when a transaction writes events, and only on commit', async () => {
    const listener = new PgNotificationListener(db.url, OUTBOX_CHANNEL);
    const store = new PgOutboxStore(db.database, listener);
    let wakes = 0;
    const unsubscribe = store.onAppended(() => {
      wakes += 1;
    });
    await listener.ready();
    const uow = new PgUnitOfWork(db.database, new UuidV7Generator(), systemClock);
    const register = new RegisterUser({ uow, hasher: new FakePasswordHasher(), ids: new UuidV7Generator(), clock: systemClock });
    await register.execute({ email: 'wake@example.com', name: 'W', password: 'password-1' }, { principal: Principals.anonymous() });
    await expect.poll(() => wakes).toBe(1);
    // A rolled-back transaction's insert notifies nobody.
    await uow.transaction(async (tx) => {
      const owner = await tx.users.findByEmail('wake@example.com');
      const amount = Money.positive('5.00')._unsafeUnwrap();
      await tx.invoices.add(Invoice.create({ id: new UuidV7Generator().next(), userId: owner!.id, amount, now: new Date() }));
      return err('rolled back');
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    unsubscribe();
    await listener.close();
    expect(wakes).toBe(1);
  });
});

describe('guards', () => {
  it('refuses a database whose name lacks "test"', () => {
    expect(() => {
      assertTestDatabaseName('hexabill');
    }).toThrow(/must contain "test"/);
    expect(() => {
      assertTestDatabaseName('hexabill_test_x');
    }).not.toThrow();
  });

  it('tells whether the database is reachable', async () => {
    expect(await db.database.isReachable()).toBe(true);
  });
});
