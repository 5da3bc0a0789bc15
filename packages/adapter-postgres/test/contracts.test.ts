import { UuidV7Generator, systemClock } from '@hexabill/core';
import { persistenceContract, rateLimiterContract } from '@hexabill/core/testing/contracts';
import { afterAll, beforeAll } from 'vitest';
import {
  KnexIdempotencyKeyCleaner,
  KnexRateLimiter,
  KnexOutboxStore,
  KnexUnitOfWork,
  selectOutboxInWriteOrder,
  envelopeFromOutboxRow,
} from '../src/index.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

persistenceContract('PostgreSQL', async () => {
  await db.truncate();
  return {
    uow: new KnexUnitOfWork(db.knex, new UuidV7Generator(), systemClock),
    outbox: new KnexOutboxStore(db.knex),
    idempotencyCleaner: new KnexIdempotencyKeyCleaner(db.knex),
    outboxEnvelopes: async () => (await selectOutboxInWriteOrder(db.knex)).map(envelopeFromOutboxRow),
  };
});

rateLimiterContract('PostgreSQL', () => Promise.resolve(new KnexRateLimiter(db.knex)));
