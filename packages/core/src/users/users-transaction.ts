import type { UnitOfWork } from '../kernel/unit-of-work.js';
import type { PasswordResetStore } from './password-reset-store.js';
import type { RefreshTokenStore } from './refresh-token-store.js';
import type { UserErasure } from './user-erasure.js';
import type { UserReads, UserRepository } from './user-repository.js';

/** The part of a transaction the users context works with. */
export interface UsersTransaction {
  readonly users: UserRepository;
  readonly userErasure: UserErasure;
  readonly refreshTokens: RefreshTokenStore;
  readonly passwordResets: PasswordResetStore;
}

export interface UsersReads {
  readonly users: UserReads;
}

export type UsersUnitOfWork = UnitOfWork<UsersTransaction, UsersReads>;
