import { passwordHasherContract, persistenceContract, rateLimiterContract } from '../src/testing/contracts/index.js';
import {
  FakePasswordHasher,
  InMemoryDatabase,
  InMemoryIdempotencyKeyCleaner,
  InMemoryOutboxStore,
  InMemoryRateLimiter,
  InMemoryUnitOfWork,
} from '../src/testing/index.js';

persistenceContract('in-memory fakes', () => {
  const outbox = new InMemoryOutboxStore();
  const database = new InMemoryDatabase();
  const uow = new InMemoryUnitOfWork(database, outbox);
  return Promise.resolve({
    uow,
    outbox,
    idempotencyCleaner: new InMemoryIdempotencyKeyCleaner(database),
    outboxEnvelopes: () => Promise.resolve(outbox.envelopes),
  });
});

passwordHasherContract('fake', () => new FakePasswordHasher());

rateLimiterContract('in-memory', () => Promise.resolve(new InMemoryRateLimiter()));
