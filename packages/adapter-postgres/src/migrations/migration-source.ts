import type { Knex } from 'knex';
import { MIGRATIONS } from './index.js';

/** The names of every migration, in the order they apply. */
export const MIGRATION_NAMES: readonly string[] = MIGRATIONS.map(([name]) => name);

/**
 * The migrations compiled into the package, from the index the build generates out of the numbered
 * files of this folder — nothing is looked up on disk at run time, and a file compiled once and
 * deleted since cannot sneak back in.
 */
export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: () => Promise.resolve([...MIGRATION_NAMES]),
  getMigrationName: (name) => name,
  getMigration: (name) => {
    const found = MIGRATIONS.find(([candidate]) => candidate === name);
    return found ? Promise.resolve(found[1]) : Promise.reject(new Error(`unknown migration ${name}`));
  },
};
