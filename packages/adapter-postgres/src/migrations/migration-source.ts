import type { Knex } from 'knex';
import * as initialSchema from './0001-initial-schema.js';
import * as rateLimits from './0002-rate-limits.js';

interface Migration {
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

/**
 * The migrations, in order, compiled into the package: runnable from code with no migrations
 * folder to find at run time. A new migration is a new module added to this list.
 */
export const MIGRATIONS: readonly (readonly [name: string, migration: Migration])[] = [
  ['0001-initial-schema', initialSchema],
  ['0002-rate-limits', rateLimits],
];

export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: () => Promise.resolve(MIGRATIONS.map(([name]) => name)),
  getMigrationName: (name) => name,
  getMigration: (name) => {
    const found = MIGRATIONS.find(([candidate]) => candidate === name);
    if (!found) return Promise.reject(new Error(`unknown migration ${name}`));
    return Promise.resolve(found[1]);
  },
};
