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
  /** The user's session version alone (one indexed read, on every authenticated request); null when there is no such user. */
  sessionVersionOf(id: string): Promise<number | null>;
}

/**
 * Port: users, bound to one transaction. Email uniqueness is enforced by the store itself (the
 * source of truth under concurrency), reported as `UserEmailTaken`.
 */
export interface UserRepository extends UserReads {
  add(user: User): Promise<Result<void, UserEmailTaken>>;
  /** Writes only if the stored version is still `user.version`. */
  save(user: User): Promise<Result<void, UserEmailTaken | ConcurrencyConflict>>;
  /** Deletes only if the stored version is still `user.version`; the user's refresh tokens and password resets go with them. */
  remove(user: User): Promise<Result<void, ConcurrencyConflict>>;
  /**
   * The ids of every admin, locked until the transaction ends: a concurrent caller waits, then sees
   * the admins as this transaction left them — so two admins demoting each other cannot leave none.
   */
  lockAdminIds(): Promise<string[]>;
}
