import { offsetOf, type PageRequest } from '@hexabill/core';
import type { Knex } from 'knex';
import type { UserRow } from './user-row.js';

/** One function per SQL statement, named for what it does (the seed's `queries.py`). */

export const USERS = 'users';
export const USERS_EMAIL_UNIQUE = 'users_email_unique';

type Db = Knex;

export async function selectUserById(db: Db, id: string): Promise<UserRow | undefined> {
  return db<UserRow>(USERS).where({ id }).first();
}

/** Served by the unique index on lower(email). */
export async function selectUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  return db<UserRow>(USERS).whereRaw('lower(email) = lower(?)', [email]).first();
}

export async function insertUser(db: Db, row: UserRow): Promise<void> {
  await db<UserRow>(USERS).insert(row);
}

/** Writes `row` (carrying the new version) only if the stored version is still `expectedVersion`; returns rows written. */
export async function updateUserIfVersion(db: Db, row: UserRow, expectedVersion: number): Promise<number> {
  const { id, ...changes } = row;
  return db<UserRow>(USERS).where({ id, version: expectedVersion }).update(changes);
}

export async function deleteUserIfVersion(db: Db, id: string, expectedVersion: number): Promise<number> {
  return db<UserRow>(USERS).where({ id, version: expectedVersion }).delete();
}

/** A page, newest first, with the total from a window count in the same statement. */
export async function selectUsersPage(db: Db, page: PageRequest): Promise<(UserRow & { total: string })[]> {
  return db<UserRow>(USERS)
    .select<(UserRow & { total: string })[]>('*', db.raw('count(*) OVER () AS total'))
    .orderBy([
      { column: 'created_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .limit(page.pageSize)
    .offset(offsetOf(page));
}

export async function countUsers(db: Db): Promise<number> {
  const [row] = await db<UserRow>(USERS).count<{ count: string }[]>({ count: '*' });
  return Number(row?.count ?? 0);
}
