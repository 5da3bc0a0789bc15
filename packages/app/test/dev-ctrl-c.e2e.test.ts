import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { processIsAlive } from '@hexabill/adapter-postgres/embedded';
import { afterAll, describe, expect, it } from 'vitest';

const appRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = mkdtempSync(join(tmpdir(), 'hexabill-dev-'));
afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

describe('npm start and Ctrl-C', () => {
  it('stops on SIGINT to the whole process group, as a terminal sends it: exit 0, "stopped cleanly" last, nothing but info lines, PostgreSQL stopped after', async () => {
    // What `npm start` runs, as the leader of its own process group, like a shell's foreground job.
    const dev = spawn(process.execPath, [join(appRoot, 'dist/entrypoints/dev.js')], {
      cwd: appRoot,
      detached: true,
      env: { PATH: process.env.PATH ?? '', DEV_DATA_DIR: dataDir, PORT: '0', METRICS_PORT: '0', SCRYPT_LOG2N: '10', LOG_FORMAT: 'json' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const exited = new Promise<number | null>((resolve) => dev.once('exit', resolve));
    dev.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    dev.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    for (;;) {
      if (output.includes('Press Ctrl-C to stop.')) break;
      if (dev.exitCode !== null) throw new Error(`npm start exited early:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const postmaster = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    expect(processIsAlive(postmaster)).toBe(true);
    const before = output.length;
    const sentAt = Date.now();
    process.kill(-(dev.pid ?? 0), 'SIGINT');
    expect(await exited, output).toBe(0);
    process.stdout.write(`npm start stopped ${String(Date.now() - sentAt)} ms after SIGINT\n`);

    const lines = output.slice(before).trim().split('\n');
    const entries = lines.map((line) => JSON.parse(line) as { level: string; message: string });
    expect(
      entries.every((entry) => entry.level === 'info' || entry.level === 'debug'),
      lines.join('\n'),
    ).toBe(true);
    expect(entries.map((entry) => entry.message)).toContain('shutting down');
    expect(entries.at(-1)?.message).toBe('stopped cleanly');
    // PostgreSQL got no SIGINT of its own: it was stopped by the app, last, and is gone.
    for (let i = 0; i < 50 && processIsAlive(postmaster); i += 1) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(processIsAlive(postmaster)).toBe(false);
    expect(existsSync(join(dataDir, 'postmaster.pid'))).toBe(false);
  });
});
