import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The generator's promise, kept in CI: in a copy of this repository, generate a context (and one of
 * everything else), then build, lint, typecheck, check the dependency rules and the formatting, run
 * the generated tests, and use the new routes over HTTP under `npm start`'s entrypoint — with no edit
 * by hand.
 */
const repo = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const copy = mkdtempSync(join(tmpdir(), 'hexabill-generated-'));
const dataDir = mkdtempSync(join(tmpdir(), 'hexabill-generated-data-'));

function run(command: string, args: readonly string[], cwd = copy): string {
  try {
    return execFileSync(command, args, {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    });
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${failed.stdout ?? ''}\n${failed.stderr ?? ''}\n${failed.message}`);
  }
}

const generate = (...args: string[]): string => run(process.execPath, [join(repo, 'tools/generate/dist/main.js'), ...args, '--root', copy]);

beforeAll(() => {
  // The working tree without build output, caches or git; node_modules shared by hard links (its
  // workspace links are relative, so they point into the copy).
  run('sh', [
    '-c',
    `tar --exclude=./.git --exclude='*/node_modules' --exclude=./node_modules --exclude='*/dist' --exclude='*/.turbo' --exclude=./.turbo -C "${repo}" -cf - . | tar -xf - -C "${copy}"`,
  ]);
  for (const folder of [
    '.',
    ...['packages', 'tools', 'infra'].flatMap((group) =>
      run('ls', [group], repo)
        .trim()
        .split('\n')
        .map((name) => `${group}/${name}`),
    ),
  ]) {
    const modules = join(repo, folder, 'node_modules');
    if (existsSync(modules))
      run('sh', ['-c', `cp -al "${modules}" "${join(copy, folder)}/" 2>/dev/null || cp -a "${modules}" "${join(copy, folder)}/"`]);
  }
});

afterAll(() => {
  rmSync(copy, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
});

// CI's second pass (the suite again on Node 24) skips this one: it rebuilds four packages in a copy,
// which the first pass has done, and would add minutes for the same answer (see .ci/run).
describe.skipIf(process.env.HEXABILL_CI_REPEAT === '1')('npm run generate, in a copy of the repository', () => {
  it('generates a context and one of everything else, which build, lint, typecheck and keep the rules with no edit by hand', () => {
    generate('context', 'orders');
    generate('aggregate', 'category', '--context', 'orders');
    generate('use-case', 'cancel-order', '--context', 'orders');
    generate('event', 'cancelled', '--context', 'orders');
    generate('consumer', 'notify-warehouse', '--context', 'orders', '--events', 'order.created,order.cancelled');
    expect(() => generate('context', 'orders')).toThrow(/the context orders already exists/);

    const packages = ['@hexabill/core', '@hexabill/adapter-postgres', '@hexabill/adapter-http', '@hexabill/app'].map(
      (p) => `--filter=${p}`,
    );
    run(process.execPath, [
      join(copy, 'node_modules/turbo/bin/turbo'),
      'run',
      'build',
      'typecheck',
      'lint',
      ...packages,
      '--output-logs=errors-only',
    ]);
    run('npm', ['run', 'lint:deps']);
    run('npx', ['prettier', '--check', 'packages']);
  });

  it("runs the generated tests: use cases and consumers on the fakes, the repositories' contract on the fake and on PostgreSQL, the routes", () => {
    // eslint-disable-next-line no-control-regex -- colour codes, in case a tool ignores NO_COLOR
    const summary = (output: string): string => /Tests\s+(\d+ passed)/.exec(output.replace(/\x1b\[[0-9;]*m/g, ''))?.[1] ?? output;
    const core = run('npx', ['vitest', 'run', 'test/orders'], join(copy, 'packages/core'));
    const postgres = run(
      'npx',
      ['vitest', 'run', 'test/orders.contract.test.ts', 'test/categories.contract.test.ts'],
      join(copy, 'packages/adapter-postgres'),
    );
    const http = run('npx', ['vitest', 'run', 'test/orders.test.ts', 'test/categories.test.ts'], join(copy, 'packages/adapter-http'));
    // Core: each aggregate's use cases (6) and contract on the fake (5), the use case (2), the consumer (1);
    // the contracts again on PostgreSQL; two route tests per aggregate.
    expect([summary(core), summary(postgres), summary(http)]).toEqual(['25 passed', '10 passed', '4 passed']);
  });

  it('serves the new routes under npm start: in /openapi.json, create, get and list over HTTP, and its event reaches its consumer', async () => {
    const dev = spawn(process.execPath, [join(copy, 'packages/app/dist/entrypoints/dev.js')], {
      cwd: join(copy, 'packages/app'),
      detached: true,
      env: { PATH: process.env.PATH ?? '', DEV_DATA_DIR: dataDir, PORT: '0', METRICS_PORT: '0', SCRYPT_LOG2N: '10', LOG_FORMAT: 'json' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const exited = new Promise<number | null>((resolve) => dev.once('exit', resolve));
    dev.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    dev.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const waitFor = async (what: RegExp): Promise<RegExpExecArray> => {
      for (let i = 0; i < 600; i += 1) {
        const found = what.exec(output);
        if (found) return found;
        if (dev.exitCode !== null) throw new Error(`npm start exited early:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`no ${String(what)} within 60 s:\n${output}`);
    };
    try {
      const base = (await waitFor(/"message":"api listening".*?"url":"([^"]+)"/))[1] ?? '';
      await waitFor(/Press Ctrl-C to stop\./);
      const call = async (method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; json: any }> => {
        const res = await fetch(new URL(path, base), {
          method,
          headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        return { status: res.status, json: await res.json() };
      };

      const document = await call('GET', '/openapi.json');
      expect(Object.keys(document.json.paths)).toEqual(
        expect.arrayContaining(['/api/v1/orders', '/api/v1/orders/{id}', '/api/v1/categories', '/api/v1/categories/{id}']),
      );
      const credentials = { email: 'ada@example.com', password: 'a-long-password' };
      expect((await call('POST', '/api/v1/users', { ...credentials, name: 'Ada' })).status).toBe(201);
      const token = (await call('POST', '/api/v1/auth/token', credentials)).json.access_token as string;

      const created = await call('POST', '/api/v1/orders', { name: 'First order' }, token);
      expect(created).toMatchObject({ status: 201, json: { name: 'First order', version: 1 } });
      expect(await call('GET', `/api/v1/orders/${String(created.json.id)}`, undefined, token)).toMatchObject({
        status: 200,
        json: created.json,
      });
      expect((await call('GET', '/api/v1/orders?limit=5', undefined, token)).json.items).toEqual([created.json]);
      expect((await call('POST', '/api/v1/orders', { name: '' }, token)).status).toBe(422);

      // The worker: the aggregate's audit consumer and the generated consumer each handle order.created once.
      await waitFor(
        new RegExp(`"message":"event order.created".*?"consumer":"audit.order-events".*?"aggregate_id":"${String(created.json.id)}"`),
      );
      await waitFor(new RegExp(`"message":"orders.notify-warehouse handled an event".*?"aggregate_id":"${String(created.json.id)}"`));
    } finally {
      process.kill(-(dev.pid ?? 0), 'SIGINT');
      expect(await exited, output).toBe(0);
    }
  });
});
