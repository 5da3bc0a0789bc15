import {
  inboxContract,
  invoiceRepositoryContract,
  outboxStoreContract,
  passwordHasherContract,
  rateLimiterContract,
  unitOfWorkContract,
  userRepositoryContract,
  type MakePersistenceFixture,
} from '../src/testing/contracts/index.js';
import {
  FakePasswordHasher,
  InMemoryDatabase,
  InMemoryIdempotencyKeySweeper,
  InMemoryOutboxStore,
  InMemoryRateLimiter,
  InMemoryUnitOfWork,
} from '../src/testing/index.js';

const inMemory: MakePersistenceFixture = () => {
  const outbox = new InMemoryOutboxStore();
  const database = new InMemoryDatabase();
  return Promise.resolve({
    uow: new InMemoryUnitOfWork(database, outbox),
    outbox,
    idempotencyKeySweeper: new InMemoryIdempotencyKeySweeper(database),
    outboxEnvelopes: () => Promise.resolve(outbox.envelopes),
  });
};

userRepositoryContract('in-memory', inMemory);
invoiceRepositoryContract('in-memory', inMemory);
unitOfWorkContract('in-memory', inMemory);
inboxContract('in-memory', inMemory);
outboxStoreContract('in-memory', inMemory);
passwordHasherContract('fake', () => new FakePasswordHasher());
rateLimiterContract('in-memory', () => Promise.resolve(new InMemoryRateLimiter()));
