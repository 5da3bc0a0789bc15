import type { AggregateNames, Name } from '../names.js';

export function migrationFile({ many }: AggregateNames): string {
  return `import type { Knex } from 'knex';

/** ${capitalised(many.words)}: newest first is descending id order (UUIDv7), so the primary key serves every list. */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(\`
    CREATE TABLE ${many.snake} (
      id         uuid PRIMARY KEY,
      name       text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      version    integer NOT NULL CHECK (version >= 1)
    )
  \`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE IF EXISTS ${many.snake}');
}
`;
}

export function rowFile(_ctx: Name, { one }: AggregateNames): string {
  return `import type { ${one.pascal}Snapshot } from '@hexabill/core';
import { columnsOf } from '../sql.js';

export interface ${one.pascal}Row {
  id: string;
  name: string;
  created_at: Date;
  updated_at: Date;
  version: number;
}

export const ${one.constant}_COLUMNS = columnsOf<${one.pascal}Row>()(['id', 'name', 'created_at', 'updated_at', 'version']);

export function to${one.pascal}Row(s: ${one.pascal}Snapshot): ${one.pascal}Row {
  return { id: s.id, name: s.name, created_at: s.createdAt, updated_at: s.updatedAt, version: s.version };
}

export function from${one.pascal}Row(row: ${one.pascal}Row): ${one.pascal}Snapshot {
  return { id: row.id, name: row.name, createdAt: row.created_at, updatedAt: row.updated_at, version: row.version };
}
`;
}

export function queriesFile(_ctx: Name, { one, many }: AggregateNames): string {
  const table = many.snake;
  const C = `${one.constant}_COLUMNS`;
  return `import { offsetOf, type PageRequest, type SliceRequest } from '@hexabill/core';
import type { Db } from '../pg-database.js';
import { insertInto, statement, updateAtVersion, valuesOf } from '../sql.js';
import { ${C}, type ${one.pascal}Row } from './${one.kebab}-row.js';

/** One statement per function, named for what it does. */

const COLUMNS = ${C}.join(', ');
const BY_ID = statement('${table}.by-id', \`SELECT \${COLUMNS} FROM ${table} WHERE id = $1\`);
const INSERT = statement('${table}.insert', insertInto('${table}', ${C}));
const UPDATE = statement('${table}.update-at-version', updateAtVersion('${table}', ${C}));
const PAGE = statement('${table}.page', \`SELECT \${COLUMNS}, count(*) OVER () AS total FROM ${table} ORDER BY id DESC LIMIT $1 OFFSET $2\`);
const COUNT = statement('${table}.count', 'SELECT count(*) AS count FROM ${table}');
const NEWEST = statement('${table}.newest', \`SELECT \${COLUMNS} FROM ${table} ORDER BY id DESC LIMIT $1\`);
const OLDER = statement('${table}.older', \`SELECT \${COLUMNS} FROM ${table} WHERE id < $2 ORDER BY id DESC LIMIT $1\`);
const NEWER = statement('${table}.newer', \`SELECT \${COLUMNS} FROM ${table} WHERE id > $2 ORDER BY id ASC LIMIT $1\`);

export async function select${one.pascal}ById(db: Db, id: string): Promise<${one.pascal}Row | undefined> {
  return (await db.rows<${one.pascal}Row>(BY_ID, [id]))[0];
}

export async function insert${one.pascal}(db: Db, row: ${one.pascal}Row): Promise<void> {
  await db.count(INSERT, valuesOf(row, ${C}));
}

/** Writes \`row\` (carrying the new version) only if the stored version is still \`expectedVersion\`; returns rows written. */
export function update${one.pascal}AtVersion(db: Db, row: ${one.pascal}Row, expectedVersion: number): Promise<number> {
  return db.count(UPDATE, [...valuesOf(row, ${C}), expectedVersion]);
}

/** A page, newest first, with the total from a window count in the same statement. */
export function select${many.pascal}Page(db: Db, page: PageRequest): Promise<(${one.pascal}Row & { total: string })[]> {
  return db.rows<${one.pascal}Row & { total: string }>(PAGE, [page.pageSize, offsetOf(page)]);
}

/** \`limit + 1\` rows in the direction of travel (see core's \`sliceOf\`). */
export function select${many.pascal}Slice(db: Db, request: SliceRequest): Promise<${one.pascal}Row[]> {
  const fetch = request.limit + 1;
  if (request.before !== undefined) return db.rows<${one.pascal}Row>(NEWER, [fetch, request.before]);
  if (request.after !== undefined) return db.rows<${one.pascal}Row>(OLDER, [fetch, request.after]);
  return db.rows<${one.pascal}Row>(NEWEST, [fetch]);
}

export async function count${many.pascal}(db: Db): Promise<number> {
  const [row] = await db.rows<{ count: string }>(COUNT, []);
  return Number(row?.count ?? 0);
}
`;
}

export function repositoryFile(_ctx: Name, { one, many }: AggregateNames): string {
  return `import {
  err,
  KernelErrors,
  ok,
  pageOf,
  sliceOf,
  ${one.pascal},
  type ConcurrencyConflict,
  type ${one.pascal}Repository,
  type Page,
  type PageRequest,
  type Result,
  type Slice,
  type SliceRequest,
} from '@hexabill/core';
import type { Db } from '../pg-database.js';
import {
  count${many.pascal},
  insert${one.pascal},
  select${one.pascal}ById,
  select${many.pascal}Page,
  select${many.pascal}Slice,
  update${one.pascal}AtVersion,
} from './${one.kebab}-queries.js';
import { from${one.pascal}Row, to${one.pascal}Row } from './${one.kebab}-row.js';

export class Pg${one.pascal}Repository implements ${one.pascal}Repository {
  constructor(private readonly db: Db) {}

  async findById(id: string): Promise<${one.pascal} | null> {
    const row = await select${one.pascal}ById(this.db, id);
    return row ? ${one.pascal}.restore(from${one.pascal}Row(row)) : null;
  }

  async add(${one.camel}: ${one.pascal}): Promise<void> {
    await insert${one.pascal}(this.db, to${one.pascal}Row(${one.camel}.toSnapshot()));
  }

  async save(${one.camel}: ${one.pascal}): Promise<Result<void, ConcurrencyConflict>> {
    const expected = ${one.camel}.version;
    const updated = await update${one.pascal}AtVersion(this.db, { ...to${one.pascal}Row(${one.camel}.toSnapshot()), version: expected + 1 }, expected);
    if (updated === 0) return err(KernelErrors.concurrencyConflict('${one.pascal}', ${one.camel}.id));
    ${one.camel}.markSaved();
    return ok(undefined);
  }

  async page(request: PageRequest): Promise<Page<${one.pascal}>> {
    const rows = await select${many.pascal}Page(this.db, request);
    const total = rows[0] ? Number(rows[0].total) : await count${many.pascal}(this.db);
    return pageOf(
      rows.map(({ total: _total, ...row }) => ${one.pascal}.restore(from${one.pascal}Row(row))),
      request,
      total,
    );
  }

  async slice(request: SliceRequest): Promise<Slice<${one.pascal}>> {
    const slice = sliceOf(await select${many.pascal}Slice(this.db, request), request);
    return { ...slice, items: slice.items.map((row) => ${one.pascal}.restore(from${one.pascal}Row(row))) };
  }

  count(): Promise<number> {
    return count${many.pascal}(this.db);
  }
}
`;
}

export function contractTestFile(_ctx: Name, { one }: AggregateNames): string {
  return `import { UuidV7Generator, systemClock } from '@hexabill/core';
import { ${one.camel}RepositoryContract } from '@hexabill/core/testing/contracts';
import { afterAll, beforeAll } from 'vitest';
import { envelopeFromOutboxRow, PgIdempotencyKeySweeper, PgOutboxStore, PgUnitOfWork, selectOutboxInWriteOrder } from '../src/index.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

${one.camel}RepositoryContract('PostgreSQL', async () => {
  await db.truncate();
  return {
    uow: new PgUnitOfWork(db.database, new UuidV7Generator(), systemClock),
    outbox: new PgOutboxStore(db.database),
    idempotencyKeySweeper: new PgIdempotencyKeySweeper(db.database),
    outboxEnvelopes: async () => (await selectOutboxInWriteOrder(db.database)).map(envelopeFromOutboxRow),
  };
});
`;
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
