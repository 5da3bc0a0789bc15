import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createKnex, migrateLatest, migrateRollback, migrationStatus } from '@hexabill/adapter-postgres';
import { AccountCommandError, OperatorAccounts } from '../admin/accounts.js';
import { readPassword } from '../admin/password-input.js';
import type { Config } from '../config/config-schema.js';
import { loadConfigOrExit } from '../config/load-config.js';
import { buildContainer } from '../container/build-container.js';
import { TOKENS } from '../container/tokens.js';
import { startOrExit } from '../runtime/start-or-exit.js';
import { waitForDatabase } from '../runtime/wait-for-dependencies.js';

const USAGE = 'usage: migrate [latest | rollback [--all] | status | make <name>]';

/** `migrate latest|rollback|status|make`: the schema, from the migrations compiled into the PostgreSQL adapter. */
async function main(args: string[]): Promise<number> {
  const [command = 'latest', ...rest] = args;
  if (command === 'make') return make(rest[0]);
  if (!['latest', 'rollback', 'status'].includes(command)) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const config = loadConfigOrExit(process.env, ['DATABASE_URL']);
  await startOrExit(() => waitForDatabase(config, buildContainer(config).get(TOKENS.logger)), config.LOG_LEVEL);
  const knex = createKnex({ connectionString: config.DATABASE_URL ?? '', poolMax: 1 });
  try {
    if (command === 'latest') {
      const applied = await migrateLatest(knex);
      process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'already up to date\n');
      if (config.FIRST_ADMIN_EMAIL) return await ensureFirstAdmin(config, config.FIRST_ADMIN_EMAIL);
    } else if (command === 'rollback') {
      const undone = await migrateRollback(knex, rest.includes('--all'));
      process.stdout.write(undone.length ? `rolled back: ${undone.join(', ')}\n` : 'nothing to roll back\n');
    } else {
      const { applied, pending } = await migrationStatus(knex);
      process.stdout.write(`applied: ${applied.join(', ') || '(none)'}\npending: ${pending.join(', ') || '(none)'}\n`);
    }
    return 0;
  } finally {
    await knex.destroy();
  }
}

/**
 * FIRST_ADMIN_EMAIL: that user is an admin afterwards — created with FIRST_ADMIN_PASSWORD (or the
 * content of FIRST_ADMIN_PASSWORD_FILE), or promoted if registered already (their password kept).
 * Safe to run on every deploy; the password is never printed.
 */
async function ensureFirstAdmin(config: Config, email: string): Promise<number> {
  const container = buildContainer(config);
  try {
    const noPrompt = { isTTY: false, read: () => Promise.reject(new AccountCommandError('FIRST_ADMIN_PASSWORD: is required')) };
    const password = await readPassword('FIRST_ADMIN_PASSWORD', process.env, noPrompt);
    const change = await new OperatorAccounts(container.get(TOKENS.uow), container.get(TOKENS.useCases)).ensureAdmin(email, password);
    process.stdout.write(`first admin ${email}: ${change}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof AccountCommandError)) throw error;
    process.stderr.write(`migrate: the first admin: ${error.message}\n`);
    return 1;
  } finally {
    await container.unbindAllAsync();
  }
}

/** Scaffolds the next numbered migration in the PostgreSQL adapter's source and regenerates the migration index. */
function make(name: string | undefined): number {
  if (!name || !/^[a-z0-9-]+$/.test(name)) {
    process.stderr.write('migrate make: give a name in kebab-case, e.g. `migrate make add-invoice-notes`\n');
    return 2;
  }
  const adapter = join(dirname(fileURLToPath(import.meta.url)), '../../../adapter-postgres');
  const folder = join(adapter, 'src/migrations');
  if (!existsSync(folder)) {
    process.stderr.write(`migrate make: ${folder} not found (run it from a source checkout)\n`);
    return 2;
  }
  const last = Math.max(0, ...readdirSync(folder).map((file) => Number(/^(\d{4,})-/.exec(file)?.[1] ?? 0)));
  const file = join(folder, `${String(last + 1).padStart(4, '0')}-${name}.ts`);
  writeFileSync(
    file,
    `import type { Knex } from 'knex';\n\nexport async function up(knex: Knex): Promise<void> {\n  await knex.raw('');\n}\n\nexport async function down(knex: Knex): Promise<void> {\n  await knex.raw('');\n}\n`,
  );
  execFileSync(process.execPath, [join(adapter, 'scripts/index-migrations.mjs')], { stdio: 'inherit' });
  process.stdout.write(`created ${file} (the migration index is updated; \`npm run build\` compiles it)\n`);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
