import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Knex } from 'knex';

interface Migration {
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

const FOLDER = dirname(fileURLToPath(import.meta.url));
/** `0004-add-invoice-notes.js` (compiled) or `.ts` (tests run the sources): a number, a name. */
const MIGRATION_FILE = /^(\d{4,}-[a-z0-9-]+)\.(?:js|ts)$/;

/**
 * The migrations are the numbered modules in this folder, in name order: a new migration is a new
 * file (`npm run migrate -w @hexabill/app -- make <name>` writes one), with no list to edit.
 */
export const MIGRATION_NAMES: readonly string[] = readdirSync(FOLDER)
  .map((file) => MIGRATION_FILE.exec(file)?.[1])
  .filter((name): name is string => name !== undefined)
  .filter((name, index, all) => all.indexOf(name) === index)
  .sort();

function fileOf(name: string): string {
  const file = readdirSync(FOLDER).find((candidate) => candidate === `${name}.js` || candidate === `${name}.ts`);
  if (!file) throw new Error(`unknown migration ${name}`);
  return join(FOLDER, file);
}

export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: () => Promise.resolve([...MIGRATION_NAMES]),
  getMigrationName: (name) => name,
  getMigration: async (name) => (await import(pathToFileURL(fileOf(name)).href)) as Migration,
};
