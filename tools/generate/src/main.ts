import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import process from 'node:process';
import { parseArgs } from 'node:util';
import { generateAggregate, generateConsumer, generateContext, generateEvent, generateUseCase } from './generators.js';
import { nameOf, singularOf } from './names.js';
import { Workspace } from './workspace.js';

const USAGE = `Usage: npm run generate -- <what> <name> [options]

  context <name> [--aggregate <name>]             a bounded context with its first aggregate (default: the
                                                   singular of <name>), every layer wired and tested
  aggregate <name> --context <ctx>                 another aggregate in a generated context
  use-case <verb-noun> --context <ctx> [--aggregate <name>]
                                                   a use case acting on one aggregate, registered in UseCases
  event <what_happened> --context <ctx> [--aggregate <name>]
                                                   an event of an aggregate (the catalogue and its audit consumer take it)
  consumer <name> --context <ctx> --events <type,…>
                                                   a consumer with its own queue, handling each event once

Names are kebab-case (purchase-orders). --root <dir> names the repository (default: found from here).`;

function repositoryRoot(from: string): string {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'hexabill') return dir;
    if (dirname(dir) === dir) throw new Error(`no hexabill repository at or above ${from} (pass --root)`);
  }
}

function main(argv: readonly string[]): void {
  const { positionals, values } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      context: { type: 'string' },
      aggregate: { type: 'string' },
      events: { type: 'string' },
      root: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [what, name, ...extra] = positionals;
  if (values.help || what === undefined) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (name === undefined) throw new Error(`${what}: name it, e.g. npm run generate -- ${what} orders`);
  if (extra.length > 0) throw new Error(`unexpected arguments: ${extra.join(' ')}`);
  const root = values.root ? resolve(values.root) : repositoryRoot(process.env.INIT_CWD ?? process.cwd());
  const ws = new Workspace(root);
  const context = (): ReturnType<typeof nameOf> => {
    if (values.context === undefined) throw new Error(`${what}: --context <name> is required`);
    return nameOf(values.context);
  };

  switch (what) {
    case 'context': {
      const ctx = nameOf(name);
      generateContext(ws, ctx, values.aggregate ?? singularOf(ctx.kebab));
      break;
    }
    case 'aggregate':
      generateAggregate(ws, context(), nameOf(name).kebab);
      break;
    case 'use-case': {
      const ctx = context();
      generateUseCase(ws, ctx, nameOf(name), values.aggregate ?? singularOf(ctx.kebab));
      break;
    }
    case 'event': {
      const ctx = context();
      generateEvent(ws, ctx, values.aggregate ?? singularOf(ctx.kebab), name);
      break;
    }
    case 'consumer': {
      const events = (values.events ?? '')
        .split(',')
        .map((type) => type.trim())
        .filter((type) => type !== '');
      generateConsumer(ws, context(), nameOf(name), events);
      break;
    }
    default:
      throw new Error(`unknown generator "${what}"\n\n${USAGE}`);
  }

  const written = ws.commit();
  if (written.some((file) => file.path.includes('/migrations/'))) {
    execFileSync(process.execPath, [join(root, 'packages/adapter-postgres/scripts/index-migrations.mjs')], { stdio: 'inherit' });
  }
  const prettier = join(root, 'node_modules/prettier/bin/prettier.cjs');
  if (existsSync(prettier)) {
    execFileSync(process.execPath, [prettier, '--log-level', 'warn', '--write', ...written.map((file) => file.path)], {
      cwd: root,
      stdio: 'inherit',
    });
  }
  for (const file of written) process.stdout.write(`${file.created ? 'created ' : 'updated '} ${file.path}\n`);
  process.stdout.write(
    `\nNext: npm run build && npm run lint && npm run typecheck && npm run lint:deps, then the tests of the packages above.\n`,
  );
}

try {
  main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`generate: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
