import { offsetOf, type PageRequest, type SliceRequest } from '@hexabill/core';
import type { Db } from '../pg-database.js';
import { insertInto, statement, updateAtVersion, valuesOf } from '../sql.js';
import { USER_COLUMNS, type UserRow } from './user-row.js';

/** One statement per function, named for what it does (the seed's `queries.py`). */

export const USERS_EMAIL_UNIQUE = 'users_email_unique';

const COLUMNS = USER_COLUMNS.join(', ');
const BY_ID = statement('users.by-id', `SELECT ${COLUMNS} FROM users WHERE id = $1`);
/** Served by the unique index on lower(email). */
const BY_EMAIL = statement('users.by-email', `SELECT ${COLUMNS} FROM users WHERE lower(email) = lower($1)`);
const INSERT = statement('users.insert', insertInto('users', USER_COLUMNS));
const UPDATE = statement('users.update-at-version', updateAtVersion('users', USER_COLUMNS));
const DELETE = statement('users.delete-at-version', 'DELETE FROM users WHERE id = $1 AND version = $2');
/** A numbered page, newest first, with the total from a window count in the same statement (costly: it counts every row). */
const PAGE = statement('users.page', `SELECT ${COLUMNS}, count(*) OVER () AS total FROM users ORDER BY id DESC LIMIT $1 OFFSET $2`);
const COUNT = statement('users.count', 'SELECT count(*) AS count FROM users');
/** Keyset slices on the primary key: the newest, those older than a row, those newer than a row. */
const NEWEST = statement('users.newest', `SELECT ${COLUMNS} FROM users ORDER BY id DESC LIMIT $1`);
const OLDER = statement('users.older', `SELECT ${COLUMNS} FROM users WHERE id < $2 ORDER BY id DESC LIMIT $1`);
const NEWER = statement('users.newer', `SELECT ${COLUMNS} FROM users WHERE id > $2 ORDER BY id ASC LIMIT $1`);
/** On every authenticated request (behind the in-process cache): one primary-key lookup of one column. */
const SESSION_VERSION = statement('users.session-version', 'SELECT session_version FROM users WHERE id = $1');
/**
 * Locks every admin row. A concurrent demotion waits here, then (READ COMMITTED re-checks the
 * WHERE of rows it waited for) no longer sees the admin the first transaction demoted.
 */
const LOCK_ADMINS = statement('users.lock-admins', "SELECT id FROM users WHERE role = 'admin' ORDER BY id FOR UPDATE");

export async function selectUserById(db: Db, id: string): Promise<UserRow | undefined> {
  return (await db.rows<UserRow>(BY_ID, [id]))[0];
}

export async function selectUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  return (await db.rows<UserRow>(BY_EMAIL, [email]))[0];
}

export async function insertUser(db: Db, row: UserRow): Promise<void> {
  await db.count(INSERT, valuesOf(row, USER_COLUMNS));
}

/** Writes `row` (carrying the new version) only if the stored version is still `expectedVersion`; returns rows written. */
export function updateUserAtVersion(db: Db, row: UserRow, expectedVersion: number): Promise<number> {
  return db.count(UPDATE, [...valuesOf(row, USER_COLUMNS), expectedVersion]);
}

export function deleteUserAtVersion(db: Db, id: string, expectedVersion: number): Promise<number> {
  return db.count(DELETE, [id, expectedVersion]);
}

export function selectUsersPage(db: Db, page: PageRequest): Promise<(UserRow & { total: string })[]> {
  return db.rows<UserRow & { total: string }>(PAGE, [page.pageSize, offsetOf(page)]);
}

/** `limit + 1` rows in the direction of travel (see core's `sliceOf`). */
export function selectUsersSlice(db: Db, request: SliceRequest): Promise<UserRow[]> {
  const fetch = request.limit + 1;
  if (request.before !== undefined) return db.rows<UserRow>(NEWER, [fetch, request.before]);
  if (request.after !== undefined) return db.rows<UserRow>(OLDER, [fetch, request.after]);
  return db.rows<UserRow>(NEWEST, [fetch]);
}

export async function countUsers(db: Db): Promise<number> {
  const [row] = await db.rows<{ count: string }>(COUNT);
  return Number(row?.count ?? 0);
}

export async function selectSessionVersion(db: Db, id: string): Promise<number | null> {
  const [row] = await db.rows<{ session_version: number }>(SESSION_VERSION, [id]);
  return row?.session_version ?? null;
}

export async function lockAdminIds(db: Db): Promise<string[]> {
  return (await db.rows<{ id: string }>(LOCK_ADMINS)).map((row) => row.id);
}
