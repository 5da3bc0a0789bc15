import { passwordHasherContract, persistenceContract } from '../src/testing/contracts/index.js';
import { FakePasswordHasher, InMemoryOutboxStore, InMemoryUnitOfWork } from '../src/testing/index.js';
import { InMemoryDatabase } from '../src/testing/in-memory-database.js';

persistenceContract('in-memory fakes', () => {
  const outbox = new InMemoryOutboxStore();
  const uow = new InMemoryUnitOfWork(new InMemoryDatabase(), outbox);
  return Promise.resolve({ uow, outbox, outboxEnvelopes: () => Promise.resolve(outbox.envelopes) });
});

passwordHasherContract('fake', () => new FakePasswordHasher());
