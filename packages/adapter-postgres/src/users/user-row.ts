import type { Role, UserSnapshot } from '@hexabill/core';
import { columnsOf } from '../sql.js';

export interface UserRow {
  id: string;
  email: string;
  name: string;
  age: number | null;
  role: Role;
  password_hash: string;
  session_version: number;
  created_at: Date;
  updated_at: Date;
  version: number;
}

export const USER_COLUMNS = columnsOf<UserRow>()([
  'id',
  'email',
  'name',
  'age',
  'role',
  'password_hash',
  'session_version',
  'created_at',
  'updated_at',
  'version',
]);

export function toUserRow(s: UserSnapshot): UserRow {
  return {
    id: s.id,
    email: s.email,
    name: s.name,
    age: s.age,
    role: s.role,
    password_hash: s.passwordHash,
    session_version: s.sessionVersion,
    created_at: s.createdAt,
    updated_at: s.updatedAt,
    version: s.version,
  };
}

export function fromUserRow(row: UserRow): UserSnapshot {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    age: row.age,
    role: row.role,
    passwordHash: row.password_hash,
    sessionVersion: row.session_version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
}
