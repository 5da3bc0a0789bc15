import type { ConcurrencyConflict } from '../kernel/errors.js';
import type { Page, PageRequest, Slice, SliceRequest } from '../kernel/paging.js';
import type { Result } from '../kernel/result.js';
import type { UserEmailTaken } from './user-errors.js';
import type { User } from './user.js';

/** Port: reading users, in or outside a transaction. */
export interface UserReads {
  findById(id: string): Promise<User | null>;
  /** `email` must already be normalised. */
  findByEmail(email: string): Promise<User | null>;
  /** A numbered page, newest first, with the total. */
  page(request: PageRequest): Promise<Page<User>>;
  /** A keyset slice, newest first (see `sliceOf`). */
  slice(request: SliceRequest): Promise<Slice<User>>;
  count(): Promise<number>;
}

/**
 * Port: users, bound to one transaction. Email uniqueness is enforced by the store itself (the
 * source of truth under concurrency), reported as `UserEmailTaken`.
 */
export interface UserRepository extends UserReads {
  add(user: User): Promise<Result<void, UserEmailTaken>>;
  /** Writes only if the stored version is still `user.version`. */
  save(user: User): Promise<Result<void, UserEmailTaken | ConcurrencyConflict>>;
  /** Deletes only if the stored version is still `user.version`. */
  remove(user: User): Promise<Result<void, ConcurrencyConflict>>;
}
