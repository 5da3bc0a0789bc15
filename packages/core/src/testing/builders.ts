import { Invoice, type InvoiceSnapshot } from '../billing/invoice.js';
import { Money } from '../kernel/money.js';
import { User, type UserSnapshot } from '../users/user.js';
import { fakeHash } from './fake-password-hasher.js';

let sequence = 0;
function nextId(): string {
  sequence += 1;
  return `00000000-0000-7000-9000-${sequence.toString(16).padStart(12, '0')}`;
}

/** The password `aUser()`'s default hash matches under `FakePasswordHasher`. */
export const DEFAULT_TEST_PASSWORD = 'correct-password';

const EPOCH = new Date('2026-01-01T00:00:00.000Z');

/** A stored user (no pending events) with sensible, unique defaults. */
export function aUser(overrides: Partial<UserSnapshot> = {}): User {
  const id = overrides.id ?? nextId();
  return User.restore({
    id,
    email: `user-${id.slice(-12)}@example.com`,
    name: 'Ada Lovelace',
    age: 36,
    role: 'user',
    passwordHash: fakeHash(DEFAULT_TEST_PASSWORD),
    createdAt: EPOCH,
    updatedAt: EPOCH,
    version: 1,
    ...overrides,
  });
}

export function anAdmin(overrides: Partial<UserSnapshot> = {}): User {
  return aUser({ name: 'Grace Hopper', role: 'admin', ...overrides });
}

/** A stored invoice (no pending events). `amount` may be given as a decimal string. */
export function anInvoice(overrides: Partial<Omit<InvoiceSnapshot, 'amount'>> & { amount?: Money | string } = {}): Invoice {
  const { amount, ...rest } = overrides;
  const money = amount instanceof Money ? amount : Money.positive(amount ?? '100.00')._unsafeUnwrap();
  return Invoice.restore({
    id: nextId(),
    userId: nextId(),
    amount: money,
    status: 'pending',
    paymentAttempt: 0,
    chargeId: null,
    failureReason: null,
    createdAt: EPOCH,
    updatedAt: EPOCH,
    paidAt: null,
    version: 1,
    ...rest,
  });
}
