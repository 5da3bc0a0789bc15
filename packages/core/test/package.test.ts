import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
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

  it('packs, installs outside the workspace and imports from plain Node ESM', () => {
    const npm = (args: string[], cwd: string) =>
      execFileSync('npm', args, {
        cwd,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, npm_config_loglevel: 'error' },
      });
    const packed = JSON.parse(npm(['pack', '--json', '--pack-destination', work], packageDir));
    const files: string[] = packed[0].files.map((f: { path: string }) => f.path);
    expect(files).toContain('dist/index.js');
    expect(files).toContain('dist/index.d.ts');
    expect(files).toContain('dist/testing/index.js');
    expect(files.some((f) => f.startsWith('src/') || f.startsWith('test/'))).toBe(false);

    const consumer = join(work, 'consumer');
    execFileSync('mkdir', ['-p', consumer]);
    writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    // neverthrow comes from the registry as any consumer would get it; --prefer-offline uses the npm cache when it can.
    npm(['install', '--no-audit', '--no-fund', '--prefer-offline', join(work, packed[0].filename)], consumer);
    writeFileSync(
      join(consumer, 'main.mjs'),
      `import { Money, Principals, RegisterUser } from '@hexabill/core';
import { createTestKit } from '@hexabill/core/testing';
const kit = createTestKit();
const user = await kit.registerUser.execute({ email: 'lib@example.com', name: 'Lib', password: 'password-1' }, { principal: Principals.anonymous() });
console.log(JSON.stringify({
  money: Money.positive('12.30')._unsafeUnwrap().toDecimalString(),
  registered: user.isOk() && user.value.email,
  events: kit.outbox.envelopes.map((e) => e.event_type),
  useCase: typeof RegisterUser,
}));
`,
    );
    const out = execFileSync(process.execPath, ['main.mjs'], { cwd: consumer, encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual({ money: '12.30', registered: 'lib@example.com', events: ['user.created'], useCase: 'function' });
  }, 120_000);
});
