import { Invoice, type InvoiceSnapshot } from '../billing/invoice.js';
import { Email } from '../kernel/email.js';
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

/**
 * A stored user (no pending events) with sensible, unique defaults. The defaults come from
 * `User.register`, so a field added to the aggregate gets its real default here without an edit.
 */
export function aUser(overrides: Partial<UserSnapshot> = {}): User {
  const id = overrides.id ?? nextId();
  const registered = User.register({
    id,
    email: Email.parse(`user-${id.slice(-12)}@example.com`)._unsafeUnwrap(),
    name: 'Ada Lovelace',
    age: 36,
    role: 'user',
    passwordHash: fakeHash(DEFAULT_TEST_PASSWORD),
    now: EPOCH,
  });
  return User.restore({ ...registered.toSnapshot(), ...overrides });
}

export function anAdmin(overrides: Partial<UserSnapshot> = {}): User {
  return aUser({ name: 'Grace Hopper', role: 'admin', ...overrides });
}

/** A stored invoice (no pending events); `amount` may be given as a decimal string. Defaults come from `Invoice.create`. */
export function anInvoice(overrides: Partial<Omit<InvoiceSnapshot, 'amount'>> & { amount?: Money | string } = {}): Invoice {
  const { amount, ...rest } = overrides;
  const money = amount instanceof Money ? amount : Money.positive(amount ?? '100.00')._unsafeUnwrap();
  const created = Invoice.create({ id: rest.id ?? nextId(), userId: rest.userId ?? nextId(), amount: money, now: EPOCH });
  return Invoice.restore({ ...created.toSnapshot(), ...rest });
}
