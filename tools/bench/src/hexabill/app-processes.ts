import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../processes/free-port.js';
import type { ManagedProcess, ProcessSupervisor } from '../processes/process-supervisor.js';
import { waitUntil } from '../processes/wait-until.js';

/** The repository root, from tools/bench/dist/hexabill/. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

export type Entrypoint = 'api' | 'worker' | 'migrate';

/** A documented entrypoint of @hexabill/app, compiled: the bench starts the product only through these. */
export function entrypointPath(name: Entrypoint): string {
  const path = join(REPO_ROOT, 'packages/app/dist/entrypoints', `${name}.js`);
  if (!existsSync(path)) throw new Error(`${path} is missing: run \`npm run build\` at the repository root first`);
  return path;
}

/**
 * With BENCH_PROFILE_DIR set, the API and the worker run under `node --cpu-prof`, each writing its
 * profile into `<dir>/<process name>/` when it stops: profile the product as the bench loads it.
 */
function profiled(name: string, entrypoint: string): string[] {
  const dir = process.env.BENCH_PROFILE_DIR;
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${join(resolve(dir), name)}`, entrypoint] : [entrypoint];
}

/** A random secret that passes the production checks on JWT_SECRET (≥ 32 characters, no placeholder). */
export function randomJwtSecret(): string {
  return randomBytes(48).toString('base64url');
}

/**
 * The environment every hexabill process gets: production mode and nothing else of the bench's own
 * environment but PATH and HOME, plus BENCH_APP_* overrides. Everything left out takes the default
 * from the config schema, as in a deployment that sets only what it must.
 */
export function productionEnv(
  base: { databaseUrl: string; jwtSecret: string; appEnv: Readonly<Record<string, string>> },
  extra: Readonly<Record<string, string>>,
): Record<string, string> {
  const env: Record<string, string> = { NODE_ENV: 'production', DATABASE_URL: base.databaseUrl, JWT_SECRET: base.jwtSecret, ...extra };
  for (const name of ['PATH', 'HOME']) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return { ...env, ...base.appEnv };
}

/** `node packages/app/dist/entrypoints/migrate.js latest`, to completion. */
export async function migrateLatest(supervisor: ProcessSupervisor, name: string, env: Record<string, string>): Promise<void> {
  await supervisor.run({ name, command: process.execPath, args: [entrypointPath('migrate'), 'latest'], env, cwd: REPO_ROOT }, 120_000);
}

/** Fails as soon as `child` exits, for waits that would otherwise run into their timeout. */
export function exitAsError(child: ManagedProcess): Promise<Error> {
  return child.exited.then((code) => child.failure(`exited early (code ${String(code)})`));
}

export interface RunningApi {
  readonly process: ManagedProcess;
  readonly origin: string;
}

/**
 * `node packages/app/dist/entrypoints/api.js`, ready once GET /health/ready answers 200. Its metrics
 * go to a free port too: the default (9464) is taken by any other hexabill process on the machine,
 * and the lists part runs two APIs at once.
 */
export async function startApi(
  supervisor: ProcessSupervisor,
  name: string,
  env: Record<string, string>,
  port: number,
): Promise<RunningApi> {
  const child = supervisor.start({
    name,
    command: process.execPath,
    args: profiled(name, entrypointPath('api')),
    env: { ...env, HOST: '127.0.0.1', PORT: String(port), METRICS_PORT: String(await freePort()) },
    cwd: REPO_ROOT,
  });
  const origin = `http://127.0.0.1:${String(port)}`;
  await waitUntil(`${name} to answer GET /health/ready`, async () => (await fetch(`${origin}/health/ready`)).status === 200, {
    timeoutMs: 60_000,
    abort: exitAsError(child),
  });
  return { process: child, origin };
}

/**
 * `node packages/app/dist/entrypoints/worker.js`: ready once its metrics endpoint answers, which it
 * opens after the consumers and the relay have started.
 */
export async function startWorker(
  supervisor: ProcessSupervisor,
  name: string,
  env: Record<string, string>,
  metricsPort: number,
): Promise<ManagedProcess> {
  const child = supervisor.start({
    name,
    command: process.execPath,
    args: profiled(name, entrypointPath('worker')),
    env: { ...env, HOST: '127.0.0.1', METRICS_PORT: String(metricsPort) },
    cwd: REPO_ROOT,
  });
  await waitUntil(
    `${name} to answer on its metrics port`,
    async () => (await fetch(`http://127.0.0.1:${String(metricsPort)}/metrics`)).status === 200,
    { timeoutMs: 60_000, abort: exitAsError(child) },
  );
  return child;
}
