import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const packageDir = resolve(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'hexabill-core-pack-'));
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('@hexabill/core as a published library', () => {
  it('declares neverthrow as its only dependency', () => {
    const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
    expect(Object.keys(manifest.dependencies)).toEqual(['neverthrow']);
  });

  it('packs and installs outside the workspace: ESM, require(), types under every resolution mode, source maps, the README’s examples', () => {
    const npm = (args: string[], cwd: string) =>
      execFileSync('npm', args, {
        cwd,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, npm_config_loglevel: 'error' },
      });
    const packed = JSON.parse(npm(['pack', '--json', '--pack-destination', work], packageDir));
    const files: string[] = packed[0].files.map((f: { path: string }) => f.path);
    for (const file of ['dist/index.js', 'dist/index.d.ts', 'dist/testing/index.js', 'src/index.ts']) expect(files).toContain(file);
    expect(files.some((f) => f.startsWith('test/') || f.endsWith('.tsbuildinfo'))).toBe(false);

    const consumer = join(work, 'consumer');
    execFileSync('mkdir', ['-p', consumer]);
    writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    // neverthrow comes from the registry as any consumer would get it; --prefer-offline uses the npm cache when it can.
    npm(['install', '--no-audit', '--no-fund', '--prefer-offline', join(work, packed[0].filename)], consumer);
    const run = (file: string): string => execFileSync(process.execPath, [file], { cwd: consumer, encoding: 'utf8' });

    // ESM, and the README's program as written.
    const [program, testExample] = [...readFileSync(join(packageDir, 'README.md'), 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)].map(
      (m) => m[1] ?? '',
    );
    writeFileSync(join(consumer, 'readme.mjs'), program ?? '');
    expect(run('readme.mjs').trim()).toBe('paid');

    // CommonJS: require() of the ES module package (Node >= 20.19), subpaths included.
    writeFileSync(
      join(consumer, 'main.cjs'),
      `const { Money } = require('@hexabill/core');
const { createTestKit } = require('@hexabill/core/testing');
console.log(JSON.stringify({ money: Money.positive('12.30')._unsafeUnwrap().toDecimalString(), kit: typeof createTestKit().drain }));
`,
    );
    expect(JSON.parse(run('main.cjs'))).toEqual({ money: '12.30', kit: 'function' });

    // Types, as TypeScript resolves them in each mode a consumer may use.
    const tsc = resolve(packageDir, '../../node_modules/typescript/bin/tsc');
    const source = `import { Money, type UseCases } from '@hexabill/core';
import { createTestKit, type TestKit } from '@hexabill/core/testing';
const kit: TestKit = createTestKit();
const useCases: UseCases = kit;
export const amount: string = Money.positive('1.00')._unsafeUnwrap().toDecimalString() + String(Boolean(useCases));
`;
    const modes: [string, string, string][] = [
      ['node10', 'commonjs', 'consumer.ts'],
      ['node16', 'node16', 'consumer.mts'],
      ['nodenext', 'nodenext', 'consumer.mts'],
      ['bundler', 'esnext', 'consumer.ts'],
    ];
    for (const [moduleResolution, module, file] of modes) {
      writeFileSync(join(consumer, file), source);
      // Without skipLibCheck: the shipped declarations themselves must check in each mode.
      const args = ['--noEmit', '--strict', '--moduleResolution', moduleResolution, '--module', module, '--target', 'es2022', file];
      try {
        execFileSync(process.execPath, [tsc, ...args], {
          cwd: consumer,
          encoding: 'utf8',
        });
      } catch (error) {
        throw new Error(`tsc --moduleResolution ${moduleResolution}: ${(error as { stdout?: string }).stdout ?? String(error)}`);
      }
    }

    // Source maps lead to shipped sources.
    const installed = join(consumer, 'node_modules/@hexabill/core');
    // Every map in the tarball (a stale one from an older build would point at a file that no longer exists).
    for (const file of files.filter((f) => f.endsWith('.map'))) {
      const map = JSON.parse(readFileSync(join(installed, file), 'utf8')) as { sources: string[] };
      for (const source of map.sources) expect(existsSync(resolve(installed, dirname(file), source)), `${file} → ${source}`).toBe(true);
    }

    // The README's test, run by vitest in the consumer.
    symlinkSync(resolve(packageDir, '../../node_modules/vitest'), join(consumer, 'node_modules/vitest'));
    writeFileSync(join(consumer, 'readme.test.ts'), testExample ?? '');
    const vitest = resolve(packageDir, '../../node_modules/vitest/vitest.mjs');
    expect(execFileSync(process.execPath, [vitest, 'run', '--root', consumer], { cwd: consumer, encoding: 'utf8' })).toMatch(/1 passed/);
  }, 180_000);
});
