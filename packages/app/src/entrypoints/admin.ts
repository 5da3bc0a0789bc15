import 'reflect-metadata';
import { resolve, join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createKnex, migrateLatest } from '@hexabill/adapter-postgres';
import { AccountCommandError, OperatorAccounts } from '../admin/accounts.js';
import { readPassword, stdinPrompt } from '../admin/password-input.js';
import { loadConfigOrExit } from '../config/load-config.js';
import { buildContainer } from '../container/build-container.js';
import { TOKENS } from '../container/tokens.js';
import { startOrExit } from '../runtime/start-or-exit.js';
import { waitForDatabase } from '../runtime/wait-for-dependencies.js';

const USAGE = `usage: admin create <email> [--name <name>] | admin promote <email> | admin reset-password <email>
  create and reset-password read the password from ADMIN_PASSWORD, ADMIN_PASSWORD_FILE or standard input.
  Against DATABASE_URL; without it, outside production, against npm start's embedded database.`;

/** `admin create|promote|reset-password <email>`: the operator's account commands. */
async function main(args: string[]): Promise<number> {
  const [command, email, ...rest] = args;
  const nameAt = rest.indexOf('--name');
  const name = nameAt >= 0 ? rest[nameAt + 1] : undefined;
  if (!command || !email || !['create', 'promote', 'reset-password'].includes(command) || (nameAt >= 0 && !name)) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const base = loadConfigOrExit(process.env);
  let database: { url: string; stop(): Promise<void> } | undefined;
  if (!base.DATABASE_URL) {
    if (base.NODE_ENV === 'production') {
      process.stderr.write('admin: DATABASE_URL is required\n');
      return 1;
    }
    // npm start's data; the embedded server is a development dependency, loaded only here.
    const { openEmbeddedDatabase } = await import('@hexabill/adapter-postgres/embedded');
    const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
    database = await openEmbeddedDatabase(base.DEV_DATA_DIR ? resolve(base.DEV_DATA_DIR) : join(repoRoot, '.data', 'postgres'));
    // As npm start would: the commands work on a data folder npm start has not used yet.
    const knex = createKnex({ connectionString: database.url, poolMax: 1 });
    await migrateLatest(knex).finally(() => knex.destroy());
  }
  const config = { ...base, DATABASE_URL: base.DATABASE_URL ?? database?.url };
  const container = buildContainer(config);
  try {
    await startOrExit(() => waitForDatabase(config, container.get(TOKENS.logger)), config.LOG_LEVEL);
    const accounts = new OperatorAccounts(container.get(TOKENS.uow), container.get(TOKENS.useCases));
    const password = (): Promise<string> => readPassword('ADMIN_PASSWORD', process.env, stdinPrompt());
    const change =
      command === 'create'
        ? await accounts.create(email, await password(), name)
        : command === 'promote'
          ? await accounts.promote(email)
          : await accounts.resetPassword(email, await password());
    process.stdout.write(`${email}: ${change}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof AccountCommandError)) throw error;
    process.stderr.write(`admin ${command}: ${error.message}\n`);
    return 1;
  } finally {
    await container.unbindAllAsync();
    await database?.stop();
  }
}

process.exitCode = await main(process.argv.slice(2));
