import type { UnitOfWork } from '../kernel/unit-of-work.js';
import type { UserErasure } from './user-erasure.js';
import type { UserReads, UserRepository } from './user-repository.js';

/** The part of a transaction the users context works with. */
export interface UsersTransaction {
  readonly users: UserRepository;
  readonly userErasure: UserErasure;
}

export interface UsersReads {
  readonly users: UserReads;
}

export type UsersUnitOfWork = UnitOfWork<UsersTransaction, UsersReads>;
