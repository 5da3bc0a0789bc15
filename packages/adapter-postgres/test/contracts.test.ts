import { UuidV7Generator, systemClock } from '@hexabill/core';
import {
  inboxContract,
  invoiceRepositoryContract,
  outboxStoreContract,
  passwordResetStoreContract,
  paymentLedgerContract,
  rateLimiterContract,
  refreshTokenStoreContract,
  unitOfWorkContract,
  userRepositoryContract,
  type MakePersistenceFixture,
} from '@hexabill/core/testing/contracts';
import { afterAll, beforeAll } from 'vitest';
import {
  envelopeFromOutboxRow,
  PgIdempotencyKeySweeper,
  PgOutboxStore,
  PgRateLimiter,
  PgUnitOfWork,
  selectOutboxInWriteOrder,
} from '../src/index.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

const postgres: MakePersistenceFixture = async () => {
  await db.truncate();
  return {
    uow: new PgUnitOfWork(db.database, new UuidV7Generator(), systemClock),
    outbox: new PgOutboxStore(db.database),
    idempotencyKeySweeper: new PgIdempotencyKeySweeper(db.database),
    outboxEnvelopes: async () => (await selectOutboxInWriteOrder(db.database)).map(envelopeFromOutboxRow),
  };
};

userRepositoryContract('PostgreSQL', postgres);
invoiceRepositoryContract('PostgreSQL', postgres);
paymentLedgerContract('PostgreSQL', postgres);
unitOfWorkContract('PostgreSQL', postgres);
inboxContract('PostgreSQL', postgres);
outboxStoreContract('PostgreSQL', postgres);
refreshTokenStoreContract('PostgreSQL', postgres);
passwordResetStoreContract('PostgreSQL', postgres);
rateLimiterContract('PostgreSQL', () => Promise.resolve(new PgRateLimiter(db.database)));
