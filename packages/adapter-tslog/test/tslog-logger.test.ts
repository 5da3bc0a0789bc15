import { execFileSync } from 'node:child_process';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const dist = resolve(import.meta.dirname, '../dist/index.js');

/** Logs through the built adapter in a child process, as a service would, and returns its stdout lines. */
function run(script: string, options: { level?: string; pretty?: boolean; env?: Record<string, string> } = {}): string[] {
  const settings = JSON.stringify({ level: options.level ?? 'info', pretty: options.pretty ?? false });
  const program = `import { TslogLogger } from ${JSON.stringify(dist)}; const log = new TslogLogger('test', ${settings}); ${script}`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', program], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', ...options.env },
  });
  return out.split('\n').filter((line) => line.trim().length > 0);
}

const json = (lines: string[]): Record<string, unknown>[] =>
  lines.map((line): Record<string, unknown> => JSON.parse(line) as Record<string, unknown>);

const here = createRequire(import.meta.url);
const moduleUrl = (name: string): string => JSON.stringify(pathToFileURL(here.resolve(name)).href);

describe('TslogLogger', () => {
  it('adds trace_id and span_id to lines written inside an active span, and nothing outside one', () => {
    const lines = json(
      run(
        `const { trace } = await import(${moduleUrl('@opentelemetry/api')});
         const { NodeTracerProvider } = await import(${moduleUrl('@opentelemetry/sdk-trace-node')});
         new NodeTracerProvider().register();
         log.info('outside');
         trace.getTracer('t').startActiveSpan('work', (span) => {
           log.info('inside', { n: 1 });
           process.stderr.write(span.spanContext().traceId + ' ' + span.spanContext().spanId);
           span.end();
         });`,
      ),
    );
    expect(lines[0]).not.toHaveProperty('trace_id');
    expect(lines[1]).toMatchObject({
      message: 'inside',
      n: 1,
      trace_id: expect.stringMatching(/^[0-9a-f]{32}$/),
      span_id: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
  });

  it('writes one flat JSON line per entry: time, level, message, the fields, and the host name from the OS', () => {
    const [line] = json(run(`log.info('http request', { route: '/api/v1/users', status: 201 });`, { env: { HOST: '0.0.0.0' } }));
    expect(line).toEqual({
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      level: 'info',
      message: 'http request',
      route: '/api/v1/users',
      status: 201,
      hostname: hostname(),
    });
  });

  it('drops entries below the configured level', () => {
    const lines = json(run(`log.debug('d'); log.info('i'); log.warn('w'); log.error('e');`, { level: 'warn' }));
    expect(lines.map((l) => [l.level, l.message])).toEqual([
      ['warn', 'w'],
      ['error', 'e'],
    ]);
  });

  it('writes every line, in order, when many are logged in one turn and the process then exits', () => {
    const lines = json(run(`for (let i = 0; i < 5000; i += 1) log.info('line', { i }); process.exit(0);`));
    expect(lines.map((l) => l.i)).toEqual(Array.from({ length: 5000 }, (_, i) => i));
  });

  it('masks the values of secret-named fields, at any depth, and writes errors with their message and stack', () => {
    const [line] = json(
      run(`log.warn('w', { password: 'hunter2', nested: { Authorization: 'Bearer abc', refresh_token: 'r' }, error: new Error('boom') });`),
    );
    expect(line).toMatchObject({ password: '[***]', nested: { Authorization: '[***]', refresh_token: '[***]' } });
    expect(line?.error).toMatchObject({ name: 'Error', message: 'boom', stack: expect.stringContaining('Error: boom') });
    expect(JSON.stringify(line)).not.toMatch(/hunter2|Bearer abc/);
  });

  it('prints human-readable lines in pretty mode', () => {
    const [line] = run(`log.info('hello', { a: 1 });`, { pretty: true });
    expect(line).toMatch(/INFO.*test.*hello/);
    expect(() => {
      JSON.parse(line ?? '');
    }).toThrow();
  });
});
