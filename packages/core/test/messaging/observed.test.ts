import { ok } from 'neverthrow';
import { describe, expect, it } from 'vitest';
import {
  Money,
  observedEventHandlers,
  observedPaymentGateway,
  observedPublisher,
  type ChargeRequest,
  type EventHandler,
  type GatewayCall,
  type HandlerRun,
  type MessagePublisher,
  type PublishRound,
} from '../../src/index.js';
import { FakePaymentGateway } from '../../src/testing/index.js';

const charge = (key: string): ChargeRequest => ({
  idempotencyKey: key,
  invoiceId: 'invoice-1',
  customerId: 'customer-1',
  amount: Money.positive('10.00')._unsafeUnwrap(),
});

describe('observed ports, for metrics', () => {
  it('reports each gateway call with its outcome — succeeded, declined, unavailable — and returns what the gateway said', async () => {
    const calls: GatewayCall[] = [];
    let clock = 0;
    const gateway = observedPaymentGateway(
      new FakePaymentGateway().decline('card_declined'),
      (call) => calls.push(call),
      () => (clock += 5),
    );
    expect((await gateway.charge(charge('a')))._unsafeUnwrap()).toMatchObject({ status: 'declined', reason: 'card_declined' });
    expect((await gateway.charge(charge('b')))._unsafeUnwrap()).toMatchObject({ status: 'succeeded' });
    expect((await gateway.lookup('zzz'))._unsafeUnwrap()).toEqual({ status: 'not_found' });
    const down = observedPaymentGateway(new FakePaymentGateway().failTransiently(), (call) => calls.push(call));
    expect((await down.charge(charge('c'))).isErr()).toBe(true);
    expect(calls.map((c) => `${c.operation}:${c.outcome}`)).toEqual([
      'charge:declined',
      'charge:succeeded',
      'lookup:not_found',
      'charge:unavailable',
    ]);
    expect(calls[0]?.durationMs).toBe(5);
  });

  it('reports each delivery a handler takes, a throw as failed, and each publishing round', async () => {
    const runs: HandlerRun[] = [];
    const handler: EventHandler = {
      subscription: { consumer: 'audit.test', eventTypes: ['user.created'] },
      handle: (event) => (event.event_id === 'boom' ? Promise.reject(new Error('boom')) : Promise.resolve(ok('handled' as const))),
    };
    const [observed] = observedEventHandlers([handler], (run) => runs.push(run));
    const event = { event_id: 'e1' } as Parameters<EventHandler['handle']>[0];
    expect((await observed?.handle(event, { attempt: 1, maxAttempts: 5 }))?._unsafeUnwrap()).toBe('handled');
    await expect(observed?.handle({ ...event, event_id: 'boom' }, { attempt: 1, maxAttempts: 5 })).rejects.toThrow('boom');
    expect(runs.map((r) => `${r.consumer}:${r.outcome}`)).toEqual(['audit.test:handled', 'audit.test:failed']);

    const rounds: PublishRound[] = [];
    const publisher: MessagePublisher = {
      publish: (messages) => Promise.resolve({ failed: [{ message: messages[0], reason: 'x' }] as never }),
    };
    await observedPublisher(publisher, (round) => rounds.push(round)).publish([{}, {}, {}] as never);
    expect(rounds).toEqual([{ published: 2, failed: 1 }]);
  });
});
