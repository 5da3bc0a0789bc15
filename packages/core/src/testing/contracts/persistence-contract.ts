import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Invoice } from '../../billing/invoice.js';
import type { EventEnvelope } from '../../shared/domain-event.js';
import { Email } from '../../shared/email.js';
import { UuidV7Generator } from '../../shared/ids.js';
import { Money } from '../../shared/money.js';
import type { OutboxStore } from '../../shared/outbox.js';
import type { IdempotencyKeyCleaner, StoredResponse } from '../../shared/idempotency.js';
import { err, ok } from '../../shared/result.js';
import type { UnitOfWork } from '../../shared/unit-of-work.js';
import { User } from '../../users/user.js';
import { timers } from '../../shared/timers.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => timers.setTimeout(resolve, ms));

/** What a persistence adapter hands the contract: a unit of work and the relay's outbox over empty storage. */
export interface PersistenceFixture {
  readonly uow: UnitOfWork;
  readonly outbox: OutboxStore;
  readonly idempotencyCleaner: IdempotencyKeyCleaner;
  /** Every event in the outbox, published or not, in write order. */
  outboxEnvelopes(): Promise<EventEnvelope[]>;
  close?(): Promise<void>;
}

const ids = new UuidV7Generator();

function newUser(overrides: { email?: string; createdAt?: Date; name?: string } = {}): User {
  const id = ids.next();
  return User.register({
    id,
    email: Email.parse(overrides.email ?? `u-${id}@example.com`)._unsafeUnwrap(),
    name: overrides.name ?? 'Contract User',
    age: null,
    role: 'user',
    passwordHash: 'hash',
    now: overrides.createdAt ?? new Date('2026-02-01T10:00:00.000Z'),
  });
}

function newInvoice(userId: string, amount = '100.00', createdAt = new Date('2026-02-01T10:00:00.000Z')): Invoice {
  return Invoice.create({ id: ids.next(), userId, amount: Money.positive(amount, 'EUR')._unsafeUnwrap(), now: createdAt });
}

/**
 * The behaviour every persistence adapter must have: repositories, unit of work, inbox and the
 * relay's outbox store. Run against the in-memory fakes and against PostgreSQL alike.
 */
export function persistenceContract(name: string, makeFixture: () => Promise<PersistenceFixture>): void {
  describe(`persistence contract: ${name}`, () => {
    let f: PersistenceFixture;
    beforeEach(async () => {
      f = await makeFixture();
    });
    afterEach(async () => {
      await f.close?.();
    });

    async function store(...aggregates: (User | Invoice)[]): Promise<void> {
      const result = await f.uow.transaction(async (tx) => {
        for (const a of aggregates) {
          const added = a instanceof User ? await tx.users.add(a) : await tx.invoices.add(a);
          if (added.isErr()) return err(added.error);
        }
        return ok(undefined);
      });
      expect(result.isOk()).toBe(true);
    }

    const read = <T>(fn: Parameters<UnitOfWork['transaction']>[0]): Promise<T> => f.uow.transaction(fn).then((r) => r._unsafeUnwrap() as T);

    describe('users', () => {
      it('stores a user and reads it back by id and by email', async () => {
        const user = newUser({ email: 'Reader@Example.com' });
        await store(user);
        const byId = await read<User | null>(async (tx) => ok(await tx.users.findById(user.id)));
        const byEmail = await read<User | null>(async (tx) => ok(await tx.users.findByEmail('reader@example.com')));
        expect(byId?.toSnapshot()).toEqual(user.toSnapshot());
        expect(byEmail?.id).toBe(user.id);
        expect(await read(async (tx) => ok(await tx.users.findById(ids.next())))).toBeNull();
      });

      it('refuses a second user with the same email as USER_EMAIL_TAKEN', async () => {
        await store(newUser({ email: 'same@example.com' }));
        const result = await f.uow.transaction((tx) => tx.users.add(newUser({ email: 'same@example.com' })));
        expect(result._unsafeUnwrapErr().code).toBe('USER_EMAIL_TAKEN');
      });

      it('saves with optimistic concurrency: the version goes up, a stale copy conflicts', async () => {
        const user = newUser();
        await store(user);
        const first = await read<User>(async (tx) => ok(await tx.users.findById(user.id)));
        const second = await read<User>(async (tx) => ok(await tx.users.findById(user.id)));
        first.update({ name: 'First' }, new Date('2026-02-02T00:00:00.000Z'));
        second.update({ name: 'Second' }, new Date('2026-02-02T00:00:00.000Z'));
        expect((await f.uow.transaction((tx) => tx.users.save(first))).isOk()).toBe(true);
        expect(first.version).toBe(2);
        const stale = await f.uow.transaction((tx) => tx.users.save(second));
        expect(stale._unsafeUnwrapErr().code).toBe('CONCURRENCY_CONFLICT');
        const stored = await read<User>(async (tx) => ok(await tx.users.findById(user.id)));
        expect(stored.toView()).toMatchObject({ name: 'First', version: 2 });
      });

      it('refuses to change an email to one another user holds', async () => {
        const a = newUser({ email: 'a@example.com' });
        const b = newUser({ email: 'b@example.com' });
        await store(a, b);
        const loaded = await read<User>(async (tx) => ok(await tx.users.findById(b.id)));
        loaded.update({ email: Email.parse('a@example.com')._unsafeUnwrap() }, new Date());
        const result = await f.uow.transaction((tx) => tx.users.save(loaded));
        expect(result._unsafeUnwrapErr().code).toBe('USER_EMAIL_TAKEN');
      });

      it('removes a user, and their invoices with them', async () => {
        const user = newUser();
        const invoice = newInvoice(user.id);
        await store(user, invoice);
        const loaded = await read<User>(async (tx) => ok(await tx.users.findById(user.id)));
        expect((await f.uow.transaction((tx) => tx.users.remove(loaded))).isOk()).toBe(true);
        expect(await read(async (tx) => ok(await tx.users.findById(user.id)))).toBeNull();
        expect(await read(async (tx) => ok(await tx.invoices.findById(invoice.id)))).toBeNull();
      });

      it('pages users newest first with the total', async () => {
        const users = [0, 1, 2, 3, 4].map((i) => newUser({ createdAt: new Date(Date.UTC(2026, 1, 1, 10, i)) }));
        await store(...users);
        const page = await read<Awaited<ReturnType<import('../../users/user-repository.js').UserRepository['list']>>>(async (tx) =>
          ok(await tx.users.list({ page: 2, pageSize: 2 })),
        );
        expect(page.total).toBe(5);
        expect(page.totalPages).toBe(3);
        expect(page.items.map((u) => u.id)).toEqual([users[2]?.id, users[1]?.id]);
      });
    });

    describe('invoices', () => {
      it('stores an invoice with its exact amount and reads it back', async () => {
        const user = newUser();
        const invoice = newInvoice(user.id, '12345678901.99');
        await store(user, invoice);
        const loaded = await read<Invoice>(async (tx) => ok(await tx.invoices.findById(invoice.id)));
        expect(loaded.toSnapshot()).toEqual(invoice.toSnapshot());
        expect(loaded.amount.toDecimalString()).toBe('12345678901.99');
      });

      it('refuses an invoice for a user that does not exist as USER_NOT_FOUND', async () => {
        const result = await f.uow.transaction((tx) => tx.invoices.add(newInvoice(ids.next())));
        expect(result._unsafeUnwrapErr().code).toBe('USER_NOT_FOUND');
      });

      it('saves status changes with optimistic concurrency', async () => {
        const user = newUser();
        const invoice = newInvoice(user.id);
        await store(user, invoice);
        const a = await read<Invoice>(async (tx) => ok(await tx.invoices.findById(invoice.id)));
        const b = await read<Invoice>(async (tx) => ok(await tx.invoices.findById(invoice.id)));
        a.requestPayment(new Date());
        b.requestPayment(new Date());
        expect((await f.uow.transaction((tx) => tx.invoices.save(a))).isOk()).toBe(true);
        expect((await f.uow.transaction((tx) => tx.invoices.save(b)))._unsafeUnwrapErr().code).toBe('CONCURRENCY_CONFLICT');
        const stored = await read<Invoice>(async (tx) => ok(await tx.invoices.findById(invoice.id)));
        expect(stored.toSnapshot()).toMatchObject({ status: 'payment_requested', paymentAttempt: 1, version: 2 });
      });

      it('filters by user and status, newest first, with a correct total', async () => {
        const alice = newUser();
        const bob = newUser();
        const invoices = [0, 1, 2].map((i) => newInvoice(alice.id, '1.00', new Date(Date.UTC(2026, 1, 1, 10, i))));
        const bobs = newInvoice(bob.id);
        await store(alice, bob, ...invoices, bobs);
        const paid = invoices[1] as Invoice;
        const loaded = await read<Invoice>(async (tx) => ok(await tx.invoices.findById(paid.id)));
        loaded.requestPayment(new Date());
        await f.uow.transaction((tx) => tx.invoices.save(loaded));

        const list = (filter: { userId?: string; status?: 'pending' | 'payment_requested' }) =>
          read<{ items: Invoice[]; total: number }>(async (tx) => ok(await tx.invoices.list(filter, { page: 1, pageSize: 10 })));
        expect((await list({ userId: alice.id })).items.map((i) => i.id)).toEqual(invoices.map((i) => i.id).reverse());
        expect((await list({ userId: alice.id, status: 'pending' })).total).toBe(2);
        expect((await list({ status: 'payment_requested' })).items.map((i) => i.id)).toEqual([paid.id]);
        expect((await list({})).total).toBe(4);
      });

      it('removes every invoice of a user and says which', async () => {
        const user = newUser();
        const other = newUser();
        const mine = [newInvoice(user.id), newInvoice(user.id)];
        const theirs = newInvoice(other.id);
        await store(user, other, ...mine, theirs);
        const removed = await read<string[]>(async (tx) => ok(await tx.invoices.removeAllForUser(user.id)));
        expect([...removed].sort()).toEqual(mine.map((i) => i.id).sort());
        expect(await read(async (tx) => ok(await tx.invoices.findById(theirs.id)))).not.toBeNull();
      });
    });

    describe('unit of work', () => {
      it('commits an Ok and appends the touched aggregates’ events to the outbox, in order', async () => {
        const user = newUser();
        const invoice = newInvoice(user.id);
        invoice.requestPayment(new Date());
        const result = await f.uow.transaction(
          async (tx) => {
            await tx.users.add(user);
            await tx.invoices.add(invoice);
            return ok('done');
          },
          { correlationId: 'req-123' },
        );
        expect(result._unsafeUnwrap()).toBe('done');
        const events = await f.outboxEnvelopes();
        expect(events.map((e) => e.event_type)).toEqual(['user.created', 'invoice.created', 'invoice.payment_requested']);
        expect(new Set(events.map((e) => e.event_id)).size).toBe(3);
        for (const event of events) {
          expect(event.correlation_id).toBe('req-123');
          expect(event.causation_id).toBeNull();
          expect(Number.isNaN(Date.parse(event.occurred_at))).toBe(false);
        }
        expect(events[0]?.payload).toEqual({ user_id: user.id, email: user.email, name: 'Contract User' });
      });

      it('rolls back an Err: no state and no outbox row', async () => {
        const user = newUser();
        const result = await f.uow.transaction(async (tx) => {
          await tx.users.add(user);
          await tx.inbox.markProcessed('contract', user.id);
          return err('changed my mind');
        });
        expect(result._unsafeUnwrapErr()).toBe('changed my mind');
        expect(await read(async (tx) => ok(await tx.users.findById(user.id)))).toBeNull();
        expect(await f.outboxEnvelopes()).toEqual([]);
        expect(await read(async (tx) => ok(await tx.inbox.markProcessed('contract', user.id)))).toBe(true);
      });

      it('rolls back a throw and lets it through', async () => {
        const user = newUser();
        await expect(
          f.uow.transaction(async (tx) => {
            await tx.users.add(user);
            throw new Error('boom');
          }),
        ).rejects.toThrow('boom');
        expect(await read(async (tx) => ok(await tx.users.findById(user.id)))).toBeNull();
        expect(await f.outboxEnvelopes()).toEqual([]);
      });

      it('reads committed data outside a transaction, and nothing uncommitted', async () => {
        const user = newUser();
        await store(user);
        expect((await f.uow.read((repos) => repos.users.findById(user.id)))?.id).toBe(user.id);
        expect((await f.uow.read((repos) => repos.users.list({ page: 1, pageSize: 5 }))).total).toBe(1);
        const invoice = newInvoice(user.id);
        await store(invoice);
        expect((await f.uow.read((repos) => repos.invoices.findById(invoice.id)))?.amount.toDecimalString()).toBe('100.00');
        expect((await f.uow.read((repos) => repos.invoices.list({ userId: user.id }, { page: 1, pageSize: 5 }))).total).toBe(1);
        const rolledBack = newUser();
        await f.uow.transaction(async (tx) => {
          await tx.users.add(rolledBack);
          return err('no');
        });
        expect(await f.uow.read((repos) => repos.users.findByEmail(rolledBack.email))).toBeNull();
      });

      it('records the causing event as causation id', async () => {
        await f.uow.transaction(async (tx) => tx.users.add(newUser()), { correlationId: 'c', causationId: 'e-1' });
        expect((await f.outboxEnvelopes())[0]).toMatchObject({ correlation_id: 'c', causation_id: 'e-1' });
      });
    });

    describe('inbox', () => {
      it('says true the first time a consumer handles an event and false after', async () => {
        const eventId = ids.next();
        expect(await read(async (tx) => ok(await tx.inbox.markProcessed('billing', eventId)))).toBe(true);
        expect(await read(async (tx) => ok(await tx.inbox.markProcessed('billing', eventId)))).toBe(false);
        expect(await read(async (tx) => ok(await tx.inbox.markProcessed('audit', eventId)))).toBe(true);
      });
    });

    describe('idempotency keys', () => {
      const later = (ms: number) => new Date(Date.now() + ms);
      const key = (fingerprint = 'fp-1') => ({ scope: 'user:1', key: `k-${ids.next()}`, fingerprint });
      const response: StoredResponse = { status: 201, body: { id: 'x', amount: '1.00' } };

      it('starts a new key, then replays the stored response for the same request', async () => {
        const k = key();
        const first = await read(async (tx) => {
          const begun = await tx.idempotencyKeys.begin(k, later(60_000));
          await tx.idempotencyKeys.complete(k, response);
          return ok(begun);
        });
        expect(first).toEqual({ outcome: 'started' });
        expect(await read(async (tx) => ok(await tx.idempotencyKeys.begin(k, later(60_000))))).toEqual({
          outcome: 'replay',
          response,
        });
        const stored = await read<import('../../shared/idempotency.js').IdempotencyRecord | null>(async (tx) =>
          ok(await tx.idempotencyKeys.find(k.scope, k.key)),
        );
        expect(stored).toMatchObject({ scope: k.scope, key: k.key, fingerprint: 'fp-1', state: 'completed', response });
      });

      it('refuses the same key with a different request', async () => {
        const k = key('fp-1');
        await f.uow.transaction(async (tx) => {
          await tx.idempotencyKeys.begin(k, later(60_000));
          await tx.idempotencyKeys.complete(k, response);
          return ok(undefined);
        });
        expect(await read(async (tx) => ok(await tx.idempotencyKeys.begin({ ...k, fingerprint: 'fp-2' }, later(60_000))))).toEqual({
          outcome: 'mismatch',
        });
      });

      it('keeps nothing of a key whose transaction rolled back', async () => {
        const k = key();
        await f.uow.transaction(async (tx) => {
          await tx.idempotencyKeys.begin(k, later(60_000));
          return err('validation failed');
        });
        expect(await read(async (tx) => ok(await tx.idempotencyKeys.begin(k, later(60_000))))).toEqual({ outcome: 'started' });
      });

      it('scopes keys: the same key of another principal is a different key', async () => {
        const k = key();
        await f.uow.transaction(async (tx) => {
          await tx.idempotencyKeys.begin(k, later(60_000));
          await tx.idempotencyKeys.complete(k, response);
          return ok(undefined);
        });
        expect(await read(async (tx) => ok(await tx.idempotencyKeys.begin({ ...k, scope: 'user:2' }, later(60_000))))).toEqual({
          outcome: 'started',
        });
      });

      it('forgets expired keys and deletes them', async () => {
        const k = key();
        await f.uow.transaction(async (tx) => {
          await tx.idempotencyKeys.begin(k, later(30));
          await tx.idempotencyKeys.complete(k, response);
          return ok(undefined);
        });
        await sleep(60);
        expect(await f.idempotencyCleaner.deleteExpired(new Date())).toBeGreaterThanOrEqual(1);
        expect(await read(async (tx) => ok(await tx.idempotencyKeys.find(k.scope, k.key)))).toBeNull();
        expect(await read(async (tx) => ok(await tx.idempotencyKeys.begin(k, later(60_000))))).toEqual({ outcome: 'started' });
      });
    });

    describe('outbox store', () => {
      async function writeEvents(count: number): Promise<User[]> {
        const users = Array.from({ length: count }, () => newUser());
        for (const user of users) await f.uow.transaction(async (tx) => tx.users.add(user));
        return users;
      }

      it('claims due rows in write order and not again while the claim lasts', async () => {
        await writeEvents(3);
        const written = await f.outboxEnvelopes();
        const claimed = await f.outbox.claimBatch(10, 60_000);
        expect(claimed.map((m) => m.envelope.event_id)).toEqual(written.map((e) => e.event_id));
        expect(claimed.every((m) => m.attempts === 1)).toBe(true);
        expect(claimed[0]?.envelope).toEqual(written[0]);
        expect(await f.outbox.claimBatch(10, 60_000)).toEqual([]);
      });

      it('respects the limit', async () => {
        await writeEvents(3);
        expect(await f.outbox.claimBatch(2, 60_000)).toHaveLength(2);
        expect(await f.outbox.claimBatch(2, 60_000)).toHaveLength(1);
      });

      it('hands out an aggregate’s next event only after the earlier one is published', async () => {
        const user = newUser();
        await f.uow.transaction(async (tx) => tx.users.add(user));
        const loaded = await read<User>(async (tx) => ok(await tx.users.findById(user.id)));
        loaded.update({ name: 'Renamed' }, new Date());
        await f.uow.transaction((tx) => tx.users.save(loaded));

        const first = await f.outbox.claimBatch(10, 60_000);
        expect(first.map((m) => m.envelope.event_type)).toEqual(['user.created']);
        expect(await f.outbox.claimBatch(10, 60_000)).toEqual([]);
        await f.outbox.markPublished(first.map((m) => m.id));
        const second = await f.outbox.claimBatch(10, 60_000);
        expect(second.map((m) => m.envelope.event_type)).toEqual(['user.updated']);
      });

      it('never claims published rows', async () => {
        await writeEvents(2);
        const claimed = await f.outbox.claimBatch(10, 1);
        await f.outbox.markPublished(claimed.map((m) => m.id));
        await sleep(20);
        expect(await f.outbox.claimBatch(10, 60_000)).toEqual([]);
      });

      it('retries a failed row at its retry time, counting attempts', async () => {
        await writeEvents(1);
        const [message] = await f.outbox.claimBatch(10, 60_000);
        if (!message) throw new Error('expected a claimed message');
        await f.outbox.markFailed(message.id, 'broker down', new Date(Date.now() + 60_000));
        expect(await f.outbox.claimBatch(10, 60_000)).toEqual([]);
        await f.outbox.markFailed(message.id, 'broker down', new Date(Date.now() - 1_000));
        const again = await f.outbox.claimBatch(10, 60_000);
        expect(again.map((m) => [m.id, m.attempts])).toEqual([[message.id, 2]]);
      });

      it('gives rows whose claim lapsed to the next claimer', async () => {
        await writeEvents(1);
        expect(await f.outbox.claimBatch(10, 30)).toHaveLength(1);
        await sleep(80);
        expect(await f.outbox.claimBatch(10, 60_000)).toHaveLength(1);
      });

      it('gives two concurrent claimers disjoint rows', async () => {
        await writeEvents(20);
        const [a, b] = await Promise.all([f.outbox.claimBatch(15, 60_000), f.outbox.claimBatch(15, 60_000)]);
        const aIds = a.map((m) => m.id);
        const bIds = b.map((m) => m.id);
        expect(aIds.filter((id) => bIds.includes(id))).toEqual([]);
        expect(aIds.length + bIds.length).toBe(20);
      });
    });
  });
}
