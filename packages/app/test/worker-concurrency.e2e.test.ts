import type { PostgresDatabase } from '@hexabill/adapter-postgres';
import {
  ok,
  Principals,
  type ChargeLookup,
  type ChargeOutcome,
  type ChargeRequest,
  type PaymentGateway,
  type RefundReceipt,
  type Result,
} from '@hexabill/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKENS } from '../src/index.js';
import { startInfrastructure, startSystem, waitFor, type Infrastructure } from './support/system.js';

let infra: Infrastructure;
beforeAll(async () => {
  infra = await startInfrastructure();
});
afterAll(async () => {
  await infra.stop();
});

const LIMIT = 150;
const POOL_MAX = 2;
const INVOICES = 2 * LIMIT;

/**
 * A payment provider that answers no charge until `LIMIT` charges wait on it at once, then every
 * charge at once: if the worker could not keep that many payments in flight, nothing would be paid.
 * When it opens, `LIMIT` handlers go for the database together.
 */
class FloodgateGateway implements PaymentGateway {
  readonly calls = new Map<string, number>();
  waiting = 0;
  mostWaiting = 0;
  /** The pool as the released handlers found it, once they had all asked for a connection. */
  poolWhenOpened: ReturnType<PostgresDatabase['stats']> | undefined;
  #open!: () => void;
  readonly #opened = new Promise<void>((resolve) => {
    this.#open = resolve;
  });

  constructor(private readonly database: () => PostgresDatabase) {}

  async charge(request: ChargeRequest): Promise<Result<ChargeOutcome, never>> {
    this.calls.set(request.idempotencyKey, (this.calls.get(request.idempotencyKey) ?? 0) + 1);
    this.waiting += 1;
    this.mostWaiting = Math.max(this.mostWaiting, this.waiting);
    if (this.waiting >= LIMIT && !this.poolWhenOpened) {
      this.#open();
      // After the released handlers' synchronous steps up to pool.connect(), before any I/O answers.
      setImmediate(() => {
        this.poolWhenOpened = this.database().stats();
      });
    }
    await this.#opened;
    this.waiting -= 1;
    return ok({ status: 'succeeded', chargeId: `ch_${request.idempotencyKey}` });
  }

  // The reconciler's look-ups: every charge this provider answered succeeded.
  lookup(idempotencyKey: string): Promise<Result<ChargeLookup, never>> {
    const charged = this.calls.has(idempotencyKey);
    return Promise.resolve(ok(charged ? { status: 'succeeded', chargeId: `ch_${idempotencyKey}` } : { status: 'not_found' }));
  }

  refund(): Promise<Result<RefundReceipt, never>> {
    throw new Error('no charge here is ever orphaned: every invoice stays payable');
  }
}

describe('the worker at its in-flight limit', () => {
  it(`keeps ${LIMIT} payments in flight on a pool of ${POOL_MAX} connections, and pays every invoice exactly once`, async () => {
    let database: PostgresDatabase | undefined;
    const gateway = new FloodgateGateway(() => database!);
    const system = await startSystem(infra, {
      env: {
        DATABASE_POOL_MAX: String(POOL_MAX),
        SQS_PAYMENT_CONCURRENCY: String(LIMIT),
        SQS_VISIBILITY_TIMEOUT_SECONDS: '30',
        SQS_HEARTBEAT_SECONDS: '10',
        RELAY_BATCH_SIZE: '500',
      },
      override: (c) => {
        c.rebind<PaymentGateway>(TOKENS.gateway).toConstantValue(gateway);
      },
    });
    try {
      database = system.container.get(TOKENS.database);
      const useCases = system.container.get(TOKENS.useCases);
      const ctx = { principal: Principals.system() };
      const user = (
        await useCases.registerUser.execute({ email: 'flood@example.com', name: 'Flood', password: 'a-long-password' }, ctx)
      )._unsafeUnwrap();
      const invoiceIds: string[] = [];
      for (let i = 0; i < INVOICES; i += 1) {
        const invoice = (await useCases.createInvoice.execute({ userId: user.id, amount: '10.00' }, ctx))._unsafeUnwrap();
        (await useCases.requestInvoicePayment.execute({ id: invoice.id }, ctx))._unsafeUnwrap();
        invoiceIds.push(invoice.id);
      }

      await waitFor(
        () => system.knex('invoices').where({ status: 'paid' }).count({ n: '*' }),
        (rows) => Number(rows[0]?.n) === INVOICES,
        60_000,
      );

      const payments = system.worker!.consumers.consumers.find((c) => c.consumer === 'billing.process-invoice-payment')!;
      expect(gateway.mostWaiting).toBe(LIMIT);
      expect(payments.peakInFlight).toBe(LIMIT);
      // Far more handlers than connections asked for one at once, and waiting for it failed none of them.
      expect(gateway.poolWhenOpened?.waiting).toBeGreaterThan(0);
      expect(payments.counters).toMatchObject({ handled: INVOICES, failed: 0 });
      expect(system.logger.entries.filter((e) => e.level === 'error')).toEqual([]);

      // Exactly once: one charge per invoice, one invoice.paid each, no failure.
      expect([...gateway.calls.values()].every((n) => n === 1)).toBe(true);
      expect(gateway.calls.size).toBe(INVOICES);
      const paidEvents = await system
        .knex('outbox')
        .whereIn('aggregate_id', invoiceIds)
        .andWhere({ event_type: 'invoice.paid' })
        .select('aggregate_id');
      expect(new Set(paidEvents.map((r: { aggregate_id: string }) => r.aggregate_id)).size).toBe(INVOICES);
      expect(paidEvents).toHaveLength(INVOICES);
      expect(await system.knex('outbox').whereIn('aggregate_id', invoiceIds).andWhere({ event_type: 'invoice.payment_failed' })).toEqual(
        [],
      );
    } finally {
      await system.stop();
    }
  });
});
