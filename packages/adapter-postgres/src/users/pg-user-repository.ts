import {
  err,
  KernelErrors,
  ok,
  pageOf,
  sliceOf,
  User,
  UserErrors,
  type ConcurrencyConflict,
  type Page,
  type PageRequest,
  type Result,
  type Slice,
  type SliceRequest,
  type UserEmailTaken,
  type UserRepository,
} from '@hexabill/core';
import type { Db } from '../pg-database.js';
import { isUniqueViolation } from '../pg-errors.js';
import {
  countUsers,
  deleteUserAtVersion,
  insertUser,
  lockAdminIds,
  selectSessionVersion,
  selectUserByEmail,
  selectUserById,
  selectUsersPage,
  selectUsersSlice,
  updateUserAtVersion,
  USERS_EMAIL_UNIQUE,
} from './user-queries.js';
import { fromUserRow, toUserRow } from './user-row.js';

export class PgUserRepository implements UserRepository {
  constructor(private readonly db: Db) {}

  async findById(id: string): Promise<User | null> {
    const row = await selectUserById(this.db, id);
    return row ? User.restore(fromUserRow(row)) : null;
  }

  async findByEmail(email: string): Promise<User | null> {
    const row = await selectUserByEmail(this.db, email);
    return row ? User.restore(fromUserRow(row)) : null;
  }

  async add(user: User): Promise<Result<void, UserEmailTaken>> {
    try {
      await insertUser(this.db, toUserRow(user.toSnapshot()));
    } catch (error) {
      // The unique index decides races the use case's pre-check cannot see.
      if (isUniqueViolation(error, USERS_EMAIL_UNIQUE)) return err(UserErrors.emailTaken());
      throw error;
    }
    return ok(undefined);
  }

  async save(user: User): Promise<Result<void, UserEmailTaken | ConcurrencyConflict>> {
    const expected = user.version;
    let updated: number;
    try {
      updated = await updateUserAtVersion(this.db, { ...toUserRow(user.toSnapshot()), version: expected + 1 }, expected);
    } catch (error) {
      if (isUniqueViolation(error, USERS_EMAIL_UNIQUE)) return err(UserErrors.emailTaken());
      throw error;
    }
    if (updated === 0) return err(KernelErrors.concurrencyConflict('User', user.id));
    user.markSaved();
    return ok(undefined);
  }

  async remove(user: User): Promise<Result<void, ConcurrencyConflict>> {
    const deleted = await deleteUserAtVersion(this.db, user.id, user.version);
    return deleted === 0 ? err(KernelErrors.concurrencyConflict('User', user.id)) : ok(undefined);
  }

  sessionVersionOf(id: string): Promise<number | null> {
    return selectSessionVersion(this.db, id);
  }

  lockAdminIds(): Promise<string[]> {
    return lockAdminIds(this.db);
  }

  async page(request: PageRequest): Promise<Page<User>> {
    const rows = await selectUsersPage(this.db, request);
    // Past the last page the window count has no row to ride on; count separately then.
    const total = rows[0] ? Number(rows[0].total) : await countUsers(this.db);
    return pageOf(
      rows.map(({ total: _total, ...row }) => User.restore(fromUserRow(row))),
      request,
      total,
    );
  }

  async slice(request: SliceRequest): Promise<Slice<User>> {
    const slice = sliceOf(await selectUsersSlice(this.db, request), request);
    return { ...slice, items: slice.items.map((row) => User.restore(fromUserRow(row))) };
  }

  count(): Promise<number> {
    return countUsers(this.db);
  }
}
