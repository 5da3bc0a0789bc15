import { afterEach, beforeEach } from 'vitest';
import type { EventEnvelope } from '../../kernel/domain-event.js';
import type { Sweeper } from '../../kernel/housekeeping.js';
import { ok, type Result } from '../../kernel/result.js';
import { timers } from '../../kernel/timers.js';
import type { OutboxStore } from '../../messaging/outbox.js';
import type { HexabillUnitOfWork, Transaction } from '../../transaction.js';

/**
 * What a persistence adapter hands the contract suites: its unit of work, the relay's outbox store
 * and the idempotency-key sweeper, over empty storage. One factory serves every suite.
 *
 * The stores must keep real time: the outbox suite leases rows for a few milliseconds and sleeps,
 * and the idempotency suite lets keys expire, so a fixed clock would never see them lapse.
 */
export interface PersistenceFixture {
  readonly uow: HexabillUnitOfWork;
  readonly outbox: OutboxStore;
  readonly idempotencyKeySweeper: Sweeper;
  /** Every event in the outbox, published or not, in write order. */
  outboxEnvelopes(): Promise<EventEnvelope[]>;
  close?(): Promise<void>;
}

export type MakePersistenceFixture = () => Promise<PersistenceFixture>;

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => timers.setTimeout(resolve, ms));

/** A fresh fixture for every test of the calling `describe`, closed after it. */
export function useFixture(make: MakePersistenceFixture): () => PersistenceFixture {
  let fixture: PersistenceFixture | undefined;
  beforeEach(async () => {
    fixture = await make();
  });
  afterEach(async () => {
    await fixture?.close?.();
  });
  return () => {
    if (!fixture) throw new Error('no fixture: call inside a test');
    return fixture;
  };
}

/** Runs `work` in a committed transaction and returns its value (the work cannot fail). */
export async function within<T>(uow: HexabillUnitOfWork, work: (tx: Transaction) => Promise<T>): Promise<T> {
  const result: Result<T, never> = await uow.transaction(async (tx) => ok(await work(tx)));
  return result._unsafeUnwrap();
}
