import type { Invoice } from '../billing/invoice.js';
import { createEventHandlers } from '../event-handlers.js';
import type { EventHandler } from '../shared/event-handler.js';
import { ok } from '../shared/result.js';
import { createUseCases, type UseCases } from '../use-cases.js';
import type { User } from '../users/user.js';
import { FakePasswordHasher } from './fake-password-hasher.js';
import { FakePaymentGateway } from './fake-payment-gateway.js';
import { FakeTokenIssuer } from './fake-token-issuer.js';
import { FixedClock } from './fixed-clock.js';
import { InMemoryDatabase } from './in-memory-database.js';
import { InMemoryOutboxStore } from './in-memory-outbox-store.js';
import { InMemoryUnitOfWork } from './in-memory-unit-of-work.js';
import { RecordingLogger } from './recording-logger.js';
import { SequentialIdGenerator } from './sequential-id-generator.js';

export interface TestKit extends UseCases {
  readonly clock: FixedClock;
  readonly ids: SequentialIdGenerator;
  readonly database: InMemoryDatabase;
  readonly outbox: InMemoryOutboxStore;
  readonly uow: InMemoryUnitOfWork;
  readonly hasher: FakePasswordHasher;
  readonly tokens: FakeTokenIssuer;
  readonly gateway: FakePaymentGateway;
  readonly logger: RecordingLogger;
  readonly handlers: EventHandler[];
  /** Stores aggregates directly (no events), for arranging a test. */
  seed(...aggregates: (User | Invoice)[]): Promise<void>;
}

/** The whole core wired to fakes: one call to get a working hexabill in memory. */
export function createTestKit(): TestKit {
  const clock = new FixedClock();
  const ids = new SequentialIdGenerator();
  const database = new InMemoryDatabase();
  const outbox = new InMemoryOutboxStore(clock);
  const uow = new InMemoryUnitOfWork(database, outbox, ids, clock);
  const hasher = new FakePasswordHasher();
  const tokens = new FakeTokenIssuer();
  const gateway = new FakePaymentGateway();
  const logger = new RecordingLogger();
  const useCases = createUseCases({ uow, hasher, tokens, ids, clock });
  const handlers = createEventHandlers({ uow, gateway, clock, logger });

  async function seed(...aggregates: (User | Invoice)[]): Promise<void> {
    await uow.transaction(async (tx) => {
      for (const aggregate of aggregates) {
        const added = 'email' in aggregate ? await tx.users.add(aggregate) : await tx.invoices.add(aggregate);
        if (added.isErr()) throw new Error(`seeding failed: ${added.error.message}`);
      }
      return ok(undefined);
    });
  }

  return { clock, ids, database, outbox, uow, hasher, tokens, gateway, logger, handlers, seed, ...useCases };
}
