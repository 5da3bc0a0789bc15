import type { ConcurrencyConflict, UserEmailTaken } from '../shared/domain-error.js';
import type { Page, PageRequest } from '../shared/paging.js';
import type { Result } from '../shared/result.js';
import type { User } from './user.js';

/**
 * Port: users, bound to one transaction. Writes track the aggregate so its events reach the
 * outbox on commit. Email uniqueness is enforced by the store itself (the source of truth under
 * concurrency), reported as `UserEmailTaken`.
 */
export interface UserRepository {
  findById(id: string): Promise<User | null>;
  /** `email` must already be normalised. */
  findByEmail(email: string): Promise<User | null>;
  add(user: User): Promise<Result<void, UserEmailTaken>>;
  /** Writes only if the stored version is still `user.version`. */
  save(user: User): Promise<Result<void, UserEmailTaken | ConcurrencyConflict>>;
  remove(user: User): Promise<Result<void, ConcurrencyConflict>>;
  /** Newest first. */
  list(page: PageRequest): Promise<Page<User>>;
}
