import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withDotEnv } from '../src/config/dot-env.js';

let folder: string;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'hexabill-dotenv-'));
});
afterEach(() => {
  rmSync(folder, { recursive: true, force: true });
});

describe('a .env file', () => {
  it('fills in what the environment leaves unset; the environment wins', () => {
    writeFileSync(join(folder, '.env'), '# local settings\nPORT=4000\nLOG_LEVEL="debug"\nexport MESSAGING_PREFIX=from-file\n');
    expect(withDotEnv({ LOG_LEVEL: 'warn' }, folder)).toEqual({ PORT: '4000', LOG_LEVEL: 'warn', MESSAGING_PREFIX: 'from-file' });
  });

  it('is looked for where npm was started (INIT_CWD) before the working directory', () => {
    writeFileSync(join(folder, '.env'), 'PORT=4001\n');
    expect(withDotEnv({ INIT_CWD: folder }, tmpdir()).PORT).toBe('4001');
  });

  it('changes nothing when there is none', () => {
    const env = { PORT: '1' };
    expect(withDotEnv(env, folder)).toBe(env);
  });

  it('is read by the entrypoints: a bad value in it is named like one in the environment', () => {
    writeFileSync(join(folder, '.env'), 'PORT=eighty\n');
    const main = resolve(import.meta.dirname, '../dist/entrypoints/main.js');
    const run = spawnSync(process.execPath, [main, 'api'], { cwd: folder, env: { PATH: process.env.PATH ?? '' }, encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^\s+- PORT: /m);
  });
});
