import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';

/**
 * The environment with a `.env` file under it, when there is one: in the folder npm was started
 * from (`INIT_CWD`, so `npm start` at the repository root finds the root's `.env`) or else the
 * working directory. A variable set in the real environment always wins over the file, so a
 * deployment's settings cannot be overridden by a file left in the image.
 */
export function withDotEnv(env: Record<string, string | undefined>, cwd: string = process.cwd()): Record<string, string | undefined> {
  const file = join(env.INIT_CWD ?? cwd, '.env');
  if (!existsSync(file)) return env;
  return { ...parseEnv(readFileSync(file, 'utf8')), ...env };
}
