import {
  inboxContract,
  invoiceRepositoryContract,
  mailerContract,
  opaqueTokensContract,
  passwordResetStoreContract,
  refreshTokenStoreContract,
  outboxStoreContract,
  accessTokensContract,
  passwordHasherContract,
  paymentGatewayContract,
  paymentLedgerContract,
  rateLimiterContract,
  unitOfWorkContract,
  userRepositoryContract,
  type MakePersistenceFixture,
} from '../src/testing/contracts/index.js';
import { Money } from '../src/index.js';
import {
  FakeAccessTokens,
  FakeOpaqueTokens,
  FakePasswordHasher,
  FakePaymentGateway,
  InMemoryDatabase,
  InMemoryIdempotencyKeySweeper,
  InMemoryOutboxStore,
  InMemoryRateLimiter,
  InMemoryUnitOfWork,
  RecordingMailer,
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
paymentLedgerContract('in-memory', inMemory);
unitOfWorkContract('in-memory', inMemory);
inboxContract('in-memory', inMemory);
outboxStoreContract('in-memory', inMemory);
refreshTokenStoreContract('in-memory', inMemory);
passwordResetStoreContract('in-memory', inMemory);
opaqueTokensContract('fake', () => new FakeOpaqueTokens());
mailerContract('recording', () => {
  const mailer = new RecordingMailer();
  return Promise.resolve({ mailer, received: () => Promise.resolve([...mailer.sent]), unreachable: new RecordingMailer().failNext(1) });
});
passwordHasherContract('fake', () => new FakePasswordHasher());
rateLimiterContract('in-memory', () => Promise.resolve(new InMemoryRateLimiter()));
accessTokensContract('fake', () => new FakeAccessTokens());
paymentGatewayContract('fake', () => {
  const gateway = new FakePaymentGateway();
  return Promise.resolve({
    gateway,
    prepareDecline: () => {
      gateway.decline('card_declined');
      return Money.positive('12.00')._unsafeUnwrap();
    },
  });
});
