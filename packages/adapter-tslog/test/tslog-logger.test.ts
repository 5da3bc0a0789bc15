import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const dist = resolve(import.meta.dirname, '../dist/index.js');

/** Logs through the built adapter in a child process, as a service would, and returns its stdout lines as JSON. */
function linesOf(level: string, script: string): Record<string, unknown>[] {
  const program = `import { TslogLogger } from ${JSON.stringify(dist)}; const log = new TslogLogger('test', ${JSON.stringify(level)}); ${script}`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', program], { encoding: 'utf8' });
  return out
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('TslogLogger', () => {
  it('writes one JSON line per entry with the message and the fields side by side', () => {
    const [line] = linesOf('info', `log.info('http request', { route: '/api/v1/users', status: 201 });`);
    expect(line).toMatchObject({ route: '/api/v1/users', status: 201 });
    expect(JSON.stringify(line)).toContain('http request');
  });

  it('drops entries below the configured level', () => {
    const lines = linesOf('warn', `log.debug('d'); log.info('i'); log.warn('w'); log.error('e');`);
    expect(lines.map((l) => JSON.stringify(l)).join('\n')).not.toMatch(/"[di]"/);
    expect(lines).toHaveLength(2);
  });
});
