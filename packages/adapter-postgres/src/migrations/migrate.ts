import type { Knex } from 'knex';
import { migrationSource } from './migration-source.js';

const config: Knex.MigratorConfig = { migrationSource, tableName: 'knex_migrations' };

/** Applies every pending migration; returns the names applied. */
export async function migrateLatest(knex: Knex): Promise<string[]> {
  const [, applied] = (await knex.migrate.latest(config)) as [number, string[]];
  return applied;
}

/** Undoes the last batch, or every migration with `all`; returns the names undone. */
export async function migrateRollback(knex: Knex, all = false): Promise<string[]> {
  const [, undone] = (await knex.migrate.rollback(config, all)) as [number, string[]];
  return undone;
}

export async function migrationStatus(knex: Knex): Promise<{ applied: string[]; pending: string[] }> {
  const [completed, pending] = (await knex.migrate.list(config)) as [{ name: string }[], string[]];
  return { applied: completed.map((m) => m.name), pending };
}
