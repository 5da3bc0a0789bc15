import { describe, expect, it } from 'vitest';
import { Invoice } from '../../billing/invoice.js';
import { Email } from '../../kernel/email.js';
import type { IdempotencyClaim } from '../../kernel/idempotency.js';
import { Money } from '../../kernel/money.js';
import { Principals } from '../../kernel/principal.js';
import { err, ok } from '../../kernel/result.js';
import { User } from '../../users/user.js';
import { aUser } from '../builders.js';
import { sleep, useFixture, within, type MakePersistenceFixture } from './persistence-fixture.js';

function registered(email = `new-${String(Math.random()).slice(2)}@example.com`): User {
  return User.register({
    id: aUser().id,
    email: Email.parse(email)._unsafeUnwrap(),
    name: 'Contract User',
    age: null,
    role: 'user',
    passwordHash: 'hash',
    now: new Date('2026-02-01T10:00:00.000Z'),
  });
}

/**
 * What every `UnitOfWork` must do: commit an `Ok` with the written aggregates' events in the
 * outbox, roll back an `Err` or a throw, read outside transactions, and honour idempotency claims.
 */
export function unitOfWorkContract(name: string, make: MakePersistenceFixture): void {
  describe(`UnitOfWork contract: ${name}`, () => {
    const f = useFixture(make);

    it('commits an Ok and appends the written aggregates’ events to the outbox, in order', async () => {
      const user = registered('events@example.com');
      const invoice = Invoice.create({
        id: aUser().id,
        userId: user.id,
        amount: Money.positive('100.00', 'EUR')._unsafeUnwrap(),
        now: new Date(),
      });
      invoice.requestPayment(new Date());
      const result = await f().uow.transaction(
        async (tx) => {
          await tx.users.add(user);
          await tx.invoices.add(invoice);
          return ok('done');
        },
        { correlationId: 'req-123' },
      );
      expect(result._unsafeUnwrap()).toBe('done');
      const events = await f().outboxEnvelopes();
      expect(events.map((e) => e.event_type)).toEqual(['user.created', 'invoice.created', 'invoice.payment_requested']);
      expect(new Set(events.map((e) => e.event_id)).size).toBe(3);
      for (const event of events) expect(event).toMatchObject({ correlation_id: 'req-123', causation_id: null });
      expect(events[0]?.payload).toEqual({ user_id: user.id, email: 'events@example.com', name: 'Contract User' });
    });

    it('writes no event for an aggregate whose write failed', async () => {
      await f().uow.transaction((tx) => tx.users.add(registered('taken@example.com')));
      const result = await f().uow.transaction(async (tx) => {
        await tx.users.add(registered('taken@example.com'));
        return ok(undefined);
      });
      expect(result.isOk()).toBe(true);
      expect((await f().outboxEnvelopes()).map((e) => e.event_type)).toEqual(['user.created']);
    });

    it('rolls back an Err: no state, no inbox mark and no outbox row', async () => {
      const user = registered();
      const result = await f().uow.transaction(async (tx) => {
        await tx.users.add(user);
        await tx.inbox.markProcessed('contract', user.id);
        return err('changed my mind');
      });
      expect(result._unsafeUnwrapErr()).toBe('changed my mind');
      expect(await f().uow.read((repos) => repos.users.findById(user.id))).toBeNull();
      expect(await f().outboxEnvelopes()).toEqual([]);
      expect(await within(f().uow, (tx) => tx.inbox.markProcessed('contract', user.id))).toBe(true);
    });

    it('rolls back a throw and lets it through', async () => {
      const user = registered();
      await expect(
        f().uow.transaction(async (tx) => {
          await tx.users.add(user);
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await f().uow.read((repos) => repos.users.findById(user.id))).toBeNull();
      expect(await f().outboxEnvelopes()).toEqual([]);
    });

    it('reads committed data outside a transaction, and nothing uncommitted', async () => {
      const user = aUser();
      await f().uow.transaction((tx) => tx.users.add(user));
      expect((await f().uow.read((repos) => repos.users.findById(user.id)))?.id).toBe(user.id);
      const rolledBack = aUser();
      await f().uow.transaction(async (tx) => {
        await tx.users.add(rolledBack);
        return err('no');
      });
      expect(await f().uow.read((repos) => repos.users.findByEmail(rolledBack.email))).toBeNull();
    });

    it('records the causing event as causation id', async () => {
      await f().uow.transaction(async (tx) => tx.users.add(registered()), { correlationId: 'c', causationId: 'e-1' });
      expect((await f().outboxEnvelopes())[0]).toMatchObject({ correlation_id: 'c', causation_id: 'e-1' });
    });

    describe('with an idempotency claim', () => {
      const claim = (fingerprint = 'fp-1', key = `k-${aUser().id}`): IdempotencyClaim => ({ key, fingerprint, ttlSeconds: 3600 });
      const alice = { principal: Principals.user('00000000-0000-7000-8000-00000000000a') };
      const bob = { principal: Principals.user('00000000-0000-7000-8000-00000000000b') };

      it('runs the work once and replays its result — dates included — for the same key and request', async () => {
        const key = claim();
        let runs = 0;
        let replays = 0;
        const work = () =>
          f().uow.transaction(
            async (tx) => {
              runs += 1;
              await tx.users.add(registered());
              return ok({ at: new Date('2026-03-01T00:00:00.000Z'), n: runs });
            },
            { ...alice, idempotency: { ...key, onReplay: () => (replays += 1) } },
          );
        const first = (await work())._unsafeUnwrap();
        const second = (await work())._unsafeUnwrap();
        expect(second).toEqual(first);
        expect(second.at).toBeInstanceOf(Date);
        expect([runs, replays]).toEqual([1, 1]);
        expect(await f().outboxEnvelopes()).toHaveLength(1);
      });

      it('refuses the same key with another request', async () => {
        const key = claim('fp-1');
        await f().uow.transaction(() => Promise.resolve(ok(1)), { ...alice, idempotency: key });
        const reused = await f().uow.transaction(() => Promise.resolve(ok(2)), { ...alice, idempotency: { ...key, fingerprint: 'fp-2' } });
        expect(reused._unsafeUnwrapErr()).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
      });

      it('keeps nothing of a key whose work failed, so a corrected retry runs', async () => {
        const key = claim();
        await f().uow.transaction(() => Promise.resolve(err('invalid')), { ...alice, idempotency: key });
        const retried = await f().uow.transaction(() => Promise.resolve(ok('ran')), {
          ...alice,
          idempotency: { ...key, fingerprint: 'fp-other' },
        });
        expect(retried._unsafeUnwrap()).toBe('ran');
      });

      it('scopes keys to the principal: another principal’s same key is a different key', async () => {
        const key = claim();
        await f().uow.transaction(() => Promise.resolve(ok('alice')), { ...alice, idempotency: key });
        expect((await f().uow.transaction(() => Promise.resolve(ok('bob')), { ...bob, idempotency: key }))._unsafeUnwrap()).toBe('bob');
      });

      it('forgets expired keys, and the sweeper deletes them', async () => {
        const key = { ...claim(), ttlSeconds: 0.03 };
        await f().uow.transaction(() => Promise.resolve(ok('first')), { ...alice, idempotency: key });
        await sleep(60);
        expect(await f().idempotencyKeySweeper.sweep(new Date())).toBeGreaterThanOrEqual(1);
        expect((await f().uow.transaction(() => Promise.resolve(ok('again')), { ...alice, idempotency: key }))._unsafeUnwrap()).toBe(
          'again',
        );
      });
    });
  });
}
