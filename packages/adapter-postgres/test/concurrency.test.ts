import {
  OutboxRelay,
  Principals,
  ProcessInvoicePayment,
  RegisterUser,
  RequestInvoicePayment,
  UpdateUser,
  UuidV7Generator,
  ok,
  silentLogger,
  systemClock,
  parseEventEnvelope,
  type EnvelopeOf,
  type MessagePublisher,
  type OutboxMessage,
} from '@hexabill/core';
import { aUser, anInvoice, FakePasswordHasher, FakePaymentGateway } from '@hexabill/core/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { envelopeFromOutboxRow, PgOutboxStore, PgUnitOfWork, selectOutboxInWriteOrder } from '../src/index.js';
import { createTestDatabase, POOL_MAX, type TestDatabase } from './support/test-database.js';

let db: TestDatabase;
let uow: PgUnitOfWork;
const ids = new UuidV7Generator();

beforeAll(async () => {
  db = await createTestDatabase();
  uow = new PgUnitOfWork(db.database, ids, systemClock);
});
afterAll(async () => {
  await db.drop();
});
beforeEach(async () => {
  await db.truncate();
});

async function seed(
  ...aggregates: Parameters<typeof uow.transaction>[0] extends never ? never : (ReturnType<typeof aUser> | ReturnType<typeof anInvoice>)[]
) {
  await uow.transaction(async (tx) => {
    for (const a of aggregates) {
      const added = 'email' in a ? await tx.users.add(a) : await tx.invoices.add(a);
      if (added.isErr()) throw new Error(added.error.message);
    }
    return ok(undefined);
  });
}

const outboxTypes = async () => (await selectOutboxInWriteOrder(db.database)).map((r) => r.event_type);

describe('on real PostgreSQL, under concurrency', () => {
  it('20 concurrent registrations with one email: one succeeds, 19 get USER_EMAIL_TAKEN, nothing else', async () => {
    const register = new RegisterUser({ uow, hasher: new FakePasswordHasher(), ids, clock: systemClock });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        register.execute(
          { email: 'race@example.com', name: `Racer ${i}`, password: 'password-123' },
          { principal: Principals.anonymous() },
        ),
      ),
    );
    expect(results.filter((r) => r.isOk())).toHaveLength(1);
    const codes = results.filter((r) => r.isErr()).map((r) => r._unsafeUnwrapErr().code);
    expect(codes).toEqual(Array.from({ length: 19 }, () => 'USER_EMAIL_TAKEN'));
    expect(await outboxTypes()).toEqual(['user.created']);
  });

  it('two concurrent updates without an expected version both land', async () => {
    const user = aUser({ name: 'Ada', age: 1 });
    await seed(user);
    const update = new UpdateUser({ uow, clock: systemClock });
    const as = { principal: Principals.user(user.id) };
    const [a, b] = await Promise.all([update.execute({ id: user.id, name: 'Renamed' }, as), update.execute({ id: user.id, age: 2 }, as)]);
    expect(a.isOk() && b.isOk()).toBe(true);
    const stored = await db.knex('users').where({ id: user.id }).first();
    expect(stored).toMatchObject({ name: 'Renamed', age: 2, version: 3 });
    expect(await outboxTypes()).toEqual(['user.updated', 'user.updated']);
  });

  it('ten concurrent payment requests for one invoice: exactly one is accepted', async () => {
    const user = aUser();
    const invoice = anInvoice({ userId: user.id });
    await seed(user, invoice);
    const request = new RequestInvoicePayment({ uow, clock: systemClock, gateway: new FakePaymentGateway() });
    const results = await Promise.all(
      Array.from({ length: 10 }, () => request.execute({ id: invoice.id }, { principal: Principals.user(user.id) })),
    );
    expect(results.filter((r) => r.isOk())).toHaveLength(1);
    expect(new Set(results.filter((r) => r.isErr()).map((r) => r._unsafeUnwrapErr().code))).toEqual(
      new Set(['INVOICE_PAYMENT_IN_PROGRESS']),
    );
    expect(await outboxTypes()).toEqual(['invoice.payment_requested']);
  });

  it('two handlers racing to pay one invoice: one charge and one invoice.paid', async () => {
    const user = aUser();
    const invoice = anInvoice({ userId: user.id });
    await seed(user, invoice);
    await new RequestInvoicePayment({ uow, clock: systemClock, gateway: new FakePaymentGateway() }).execute(
      { id: invoice.id },
      { principal: Principals.user(user.id) },
    );
    const [written] = (await selectOutboxInWriteOrder(db.database)).map(envelopeFromOutboxRow);
    const requested = parseEventEnvelope(written)._unsafeUnwrap() as EnvelopeOf<'invoice.payment_requested'>;
    const gateway = new FakePaymentGateway();
    const handler = () => new ProcessInvoicePayment({ uow, gateway, clock: systemClock, logger: silentLogger });

    // The same message twice, and a copy under another event id (a duplicate publish), all at once.
    const copy = { ...requested, event_id: ids.next() };
    const outcomes = await Promise.all([
      handler().handle(requested, { attempt: 1, maxAttempts: 5 }),
      handler().handle(requested, { attempt: 1, maxAttempts: 5 }),
      handler().handle(copy, { attempt: 1, maxAttempts: 5 }),
    ]);
    expect(outcomes.every((o) => o.isOk())).toBe(true);
    expect(outcomes.map((o) => o._unsafeUnwrap()).filter((o) => o === 'handled')).toHaveLength(1);
    expect(gateway.successfulCharges).toHaveLength(1);
    expect((await outboxTypes()).filter((t) => t === 'invoice.paid')).toHaveLength(1);
    expect(await db.knex('invoices').where({ id: invoice.id }).first()).toMatchObject({ status: 'paid', version: 3 });
  });

  it('two relays running at once publish every event exactly once, in write order per aggregate', async () => {
    const users = Array.from({ length: 10 }, () => aUser());
    await seed(...users);
    const update = new UpdateUser({ uow, clock: systemClock });
    for (let round = 0; round < 5; round += 1) {
      await Promise.all(users.map((u) => update.execute({ id: u.id, name: `Name ${round}` }, { principal: Principals.user(u.id) })));
    }
    const written = (await selectOutboxInWriteOrder(db.database)).map(envelopeFromOutboxRow);
    expect(written).toHaveLength(50);

    const log: OutboxMessage[] = [];
    const publisher: MessagePublisher = {
      publish: async (messages) => {
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 5));
        log.push(...messages);
        return { failed: [] };
      },
    };
    const store = new PgOutboxStore(db.database);
    const relays = [0, 1].map(() => new OutboxRelay(store, publisher, systemClock, silentLogger, { batchSize: 7, idleWaitMs: 5 }));
    relays.forEach((r) => {
      r.start();
    });
    await expect.poll(() => log.length, { timeout: 20_000 }).toBe(50);
    await Promise.all(relays.map((r) => r.stop()));

    expect(new Set(log.map((m) => m.envelope.event_id)).size).toBe(50);
    for (const user of users) {
      const order = (list: { aggregate_id: string; event_id: string }[]) =>
        list.filter((e) => e.aggregate_id === user.id).map((e) => e.event_id);
      expect(order(log.map((m) => m.envelope))).toEqual(order(written));
    }
    expect(await db.knex('outbox').whereNull('published_at').count({ n: '*' })).toEqual([{ n: '0' }]);
  });

  it.skipIf(POOL_MAX < 2)('reports an idempotency key as in progress while its first request is still running', async () => {
    const claimed = {
      principal: Principals.user('00000000-0000-7000-8000-000000000001'),
      idempotency: { key: 'k1', fingerprint: 'fp', ttlSeconds: 60 },
    };
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let started!: () => void;
    const begun = new Promise<void>((resolve) => {
      started = resolve;
    });
    const first = uow.transaction(async () => {
      started();
      await held;
      return ok('first');
    }, claimed);
    await begun;
    const second = await uow.transaction(() => Promise.resolve(ok('second')), claimed);
    release();
    expect((await first)._unsafeUnwrap()).toBe('first');
    expect(second._unsafeUnwrapErr()).toMatchObject({ code: 'IDEMPOTENCY_REQUEST_IN_PROGRESS' });
    const third = await uow.transaction(() => Promise.resolve(ok('third')), claimed);
    expect(third._unsafeUnwrap()).toBe('first');
  });
});
