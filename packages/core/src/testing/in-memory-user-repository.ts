import type { AggregateTracker } from '../shared/aggregate-tracker.js';
import { DomainErrors, type ConcurrencyConflict, type UserEmailTaken } from '../shared/domain-error.js';
import { offsetOf, pageOf, type Page, type PageRequest } from '../shared/paging.js';
import { err, ok, type Result } from '../shared/result.js';
import { User } from '../users/user.js';
import type { UserRepository } from '../users/user-repository.js';
import type { Tables } from './in-memory-database.js';
import { newestFirst } from './newest-first.js';

export class InMemoryUserRepository implements UserRepository {
  constructor(
    private readonly tables: Tables,
    private readonly tracker: AggregateTracker,
  ) {}

  findById(id: string): Promise<User | null> {
    const snapshot = this.tables.users.get(id);
    return Promise.resolve(snapshot ? User.restore(snapshot) : null);
  }

  findByEmail(email: string): Promise<User | null> {
    for (const snapshot of this.tables.users.values()) {
      if (snapshot.email === email) return Promise.resolve(User.restore(snapshot));
    }
    return Promise.resolve(null);
  }

  add(user: User): Promise<Result<void, UserEmailTaken>> {
    if (this.emailHeldByOther(user)) return Promise.resolve(err(DomainErrors.userEmailTaken()));
    this.tables.users.set(user.id, user.toSnapshot());
    this.tracker.track(user);
    return Promise.resolve(ok(undefined));
  }

  save(user: User): Promise<Result<void, UserEmailTaken | ConcurrencyConflict>> {
    if (this.tables.users.get(user.id)?.version !== user.version) {
      return Promise.resolve(err(DomainErrors.concurrencyConflict('User', user.id)));
    }
    if (this.emailHeldByOther(user)) return Promise.resolve(err(DomainErrors.userEmailTaken()));
    user.markSaved();
    this.tables.users.set(user.id, user.toSnapshot());
    this.tracker.track(user);
    return Promise.resolve(ok(undefined));
  }

  remove(user: User): Promise<Result<void, ConcurrencyConflict>> {
    if (this.tables.users.get(user.id)?.version !== user.version) {
      return Promise.resolve(err(DomainErrors.concurrencyConflict('User', user.id)));
    }
    this.tables.users.delete(user.id);
    // As the database's ON DELETE CASCADE does.
    for (const [id, invoice] of this.tables.invoices) {
      if (invoice.userId === user.id) this.tables.invoices.delete(id);
    }
    this.tracker.track(user);
    return Promise.resolve(ok(undefined));
  }

  list(request: PageRequest): Promise<Page<User>> {
    const all = [...this.tables.users.values()].sort(newestFirst);
    const items = all.slice(offsetOf(request), offsetOf(request) + request.pageSize).map((s) => User.restore(s));
    return Promise.resolve(pageOf(items, request, all.length));
  }

  private emailHeldByOther(user: User): boolean {
    for (const snapshot of this.tables.users.values()) {
      if (snapshot.email === user.email && snapshot.id !== user.id) return true;
    }
    return false;
  }
}
