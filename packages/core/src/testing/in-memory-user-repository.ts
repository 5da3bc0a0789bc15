import { KernelErrors, type ConcurrencyConflict } from '../kernel/errors.js';
import type { Page, PageRequest, Slice, SliceRequest } from '../kernel/paging.js';
import { err, ok, type Result } from '../kernel/result.js';
import { UserErrors, type UserEmailTaken } from '../users/user-errors.js';
import type { UserRepository } from '../users/user-repository.js';
import { User } from '../users/user.js';
import type { Tables } from './in-memory-database.js';
import { pageOfRows, sliceOfRows } from './newest-first.js';

export class InMemoryUserRepository implements UserRepository {
  constructor(private readonly tables: Tables) {}

  findById(id: string): Promise<User | null> {
    const snapshot = this.tables.users.get(id);
    return Promise.resolve(snapshot ? User.restore(snapshot) : null);
  }

  findByEmail(email: string): Promise<User | null> {
    const snapshot = this.tables.users.values().find((s) => s.email === email);
    return Promise.resolve(snapshot ? User.restore(snapshot) : null);
  }

  add(user: User): Promise<Result<void, UserEmailTaken>> {
    if (this.emailHeldByOther(user)) return Promise.resolve(err(UserErrors.emailTaken()));
    this.tables.users.set(user.id, user.toSnapshot());
    return Promise.resolve(ok(undefined));
  }

  save(user: User): Promise<Result<void, UserEmailTaken | ConcurrencyConflict>> {
    if (this.tables.users.get(user.id)?.version !== user.version) {
      return Promise.resolve(err(KernelErrors.concurrencyConflict('User', user.id)));
    }
    if (this.emailHeldByOther(user)) return Promise.resolve(err(UserErrors.emailTaken()));
    user.markSaved();
    this.tables.users.set(user.id, user.toSnapshot());
    return Promise.resolve(ok(undefined));
  }

  remove(user: User): Promise<Result<void, ConcurrencyConflict>> {
    if (this.tables.users.get(user.id)?.version !== user.version) {
      return Promise.resolve(err(KernelErrors.concurrencyConflict('User', user.id)));
    }
    this.tables.users.delete(user.id);
    // As the database's ON DELETE CASCADE does.
    for (const [id, invoice] of this.tables.invoices) {
      if (invoice.userId === user.id) this.tables.invoices.delete(id);
    }
    for (const [id, token] of this.tables.refreshTokens) {
      if (token.userId === user.id) this.tables.refreshTokens.delete(id);
    }
    for (const [id, reset] of this.tables.passwordResets) {
      if (reset.userId === user.id) this.tables.passwordResets.delete(id);
    }
    return Promise.resolve(ok(undefined));
  }

  sessionVersionOf(id: string): Promise<number | null> {
    return Promise.resolve(this.tables.users.get(id)?.sessionVersion ?? null);
  }

  /** Transactions of the in-memory unit of work run one at a time, so nothing needs locking. */
  lockAdminIds(): Promise<string[]> {
    return Promise.resolve(
      this.tables.users
        .values()
        .filter((s) => s.role === 'admin')
        .map((s) => s.id),
    );
  }

  page(request: PageRequest): Promise<Page<User>> {
    const page = pageOfRows(this.tables.users.values(), request);
    return Promise.resolve({ ...page, items: page.items.map((s) => User.restore(s)) });
  }

  slice(request: SliceRequest): Promise<Slice<User>> {
    const slice = sliceOfRows(this.tables.users.values(), request);
    return Promise.resolve({ ...slice, items: slice.items.map((s) => User.restore(s)) });
  }

  count(): Promise<number> {
    return Promise.resolve(this.tables.users.size);
  }

  private emailHeldByOther(user: User): boolean {
    return this.tables.users.values().some((s) => s.email === user.email && s.id !== user.id);
  }
}
