import { execFile, spawn } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const run = promisify(execFile);

export interface ProductionInstall {
  readonly root: string;
  /** `node_modules` as the runtime image holds it: apparent size of every file, in bytes. */
  readonly nodeModulesBytes: number;
  /** The image's command: `packages/app/dist/entrypoints/main.js`. */
  readonly main: string;
  remove(): void;
}

/** Every workspace folder (packages/*, infra/*, tools/*) that has a manifest. */
function workspaces(): string[] {
  const globs = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { workspaces: string[] }).workspaces;
  return globs.flatMap((glob) => {
    const parent = glob.replace(/\/\*$/, '');
    return readdirSync(join(repoRoot, parent))
      .map((name) => `${parent}/${name}`)
      .filter((folder) => existsSync(join(repoRoot, folder, 'package.json')));
  });
}

function sizeOf(path: string): number {
  const stat = lstatSync(path);
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((total, name) => total + sizeOf(join(path, name)), 0);
}

/**
 * What the Dockerfile's build stage leaves for the runtime stage, in a temporary folder: the root
 * manifests and lockfile, every workspace's manifest, `npm ci --ignore-scripts`, the packages'
 * compiled output, then `npm prune --omit=dev --ignore-scripts`. The compiled output is the one
 * `npm run build` just made here (the same tsc over the same sources), so the test spends its time
 * on the install, which is what it checks. npm's cache serves the packages (--prefer-offline).
 */
export async function buildProductionInstall(): Promise<ProductionInstall> {
  const root = mkdtempSync(join(tmpdir(), 'hexabill-production-'));
  for (const file of ['package.json', 'package-lock.json']) cpSync(join(repoRoot, file), join(root, file));
  const folders = workspaces();
  for (const folder of folders) {
    mkdirSync(join(root, folder), { recursive: true });
    cpSync(join(repoRoot, folder, 'package.json'), join(root, folder, 'package.json'));
  }
  const npm = async (args: string[]): Promise<void> => {
    await run('npm', [...args, '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline'], {
      cwd: root,
      env: { ...process.env, npm_config_loglevel: 'error', NODE_ENV: 'production' },
      maxBuffer: 16 * 1024 * 1024,
    });
  };
  await npm(['ci']);
  for (const folder of folders.filter((f) => f.startsWith('packages/'))) {
    const dist = join(repoRoot, folder, 'dist');
    if (!existsSync(dist)) throw new Error(`${folder}/dist is missing: run npm run build first`);
    cpSync(dist, join(root, folder, 'dist'), { recursive: true });
  }
  await npm(['prune', '--omit=dev']);
  return {
    root,
    nodeModulesBytes: sizeOf(join(root, 'node_modules')),
    main: join(root, 'packages', 'app', 'dist', 'entrypoints', 'main.js'),
    remove: () => {
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Every installed package of `name` (top level or nested), as folders. */
export function installedCopies(root: string, name: string): string[] {
  const found: string[] = [];
  const visit = (modules: string): void => {
    if (!existsSync(modules)) return;
    for (const entry of readdirSync(modules)) {
      if (entry.startsWith('.')) continue;
      const folders = entry.startsWith('@') ? readdirSync(join(modules, entry)).map((inner) => `${entry}/${inner}`) : [entry];
      for (const folder of folders) {
        const path = join(modules, folder);
        if (folder === name && existsSync(join(path, 'package.json'))) found.push(path);
        if (!lstatSync(path).isSymbolicLink()) visit(join(path, 'node_modules'));
      }
    }
  };
  visit(join(root, 'node_modules'));
  return found;
}

export interface Started {
  /** Resolves with the first JSON log line whose message is `message`; rejects if the process exits first. */
  waitForLog(message: string): Promise<Record<string, unknown>>;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
  readonly output: () => string;
}

/** Starts `node main.js <args>` with exactly `env` (and PATH), for a part that keeps running. */
export function startEntrypoint(main: string, args: readonly string[], env: Record<string, string>): Started {
  const child = spawn(process.execPath, [main, ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', resolveExit));
  const waiters: (() => void)[] = [];
  const wake = (): void => {
    for (const waiter of waiters.splice(0)) waiter();
  };
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    wake();
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  void exited.then(wake);
  const find = (message: string): Record<string, unknown> | undefined =>
    stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .find((entry) => entry.message === message);
  return {
    output: () => stdout + stderr,
    waitForLog: async (message) => {
      for (;;) {
        const entry = find(message);
        if (entry) return entry;
        if (child.exitCode !== null) throw new Error(`exited with ${String(child.exitCode)} before "${message}":\n${stdout}${stderr}`);
        await new Promise<void>((wakeUp) => waiters.push(wakeUp));
      }
    },
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

export interface Finished {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `node main.js <args>` with exactly `env` (and PATH) until it exits. */
export function runToExit(main: string, args: readonly string[], env: Record<string, string>): Promise<Finished> {
  return new Promise((resolveRun) => {
    const child = spawn(process.execPath, [main, ...args], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('exit', (code) => {
      resolveRun({ code, stdout, stderr });
    });
  });
}
