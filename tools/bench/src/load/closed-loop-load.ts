/**
 * The load generator for the API part, in a process of its own: autocannon's programmatic API,
 * `connections` connections each sending its next request when the last one is answered.
 * Driven over IPC (see load-messages.ts) so the bench can read CPU counters between warm-up and
 * the measured run.
 */
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { asClosedLoopMessage, type ClosedLoopMessage, type ClosedLoopResult, type ClosedLoopSpec } from './load-messages.js';

/** Resolves once the message is handed to the IPC channel, so a disconnect after it loses nothing. */
const send = (message: ClosedLoopMessage): Promise<void> =>
  new Promise((resolve) => {
    if (!process.send) resolve();
    else
      process.send(message, undefined, {}, () => {
        resolve();
      });
  });

function pathSource(spec: ClosedLoopSpec): { next: () => string; exhausted: () => boolean } {
  if (!spec.pathsFile) {
    const path = spec.path ?? '/';
    return { next: () => path, exhausted: () => false };
  }
  const paths = JSON.parse(readFileSync(spec.pathsFile, 'utf8')) as string[];
  let index = 0;
  let ranOut = false;
  return {
    next: () => {
      if (index >= paths.length) ranOut = true;
      return paths[Math.min(index++, paths.length - 1)] ?? '/';
    },
    exhausted: () => ranOut,
  };
}

async function run(spec: ClosedLoopSpec, seconds: number, paths: ReturnType<typeof pathSource>): Promise<autocannon.Result> {
  return autocannon({
    url: spec.origin,
    connections: spec.connections,
    duration: seconds,
    requests: [
      {
        method: spec.method,
        headers: { ...spec.headers },
        ...(spec.body === undefined ? {} : { body: spec.body }),
        setupRequest: (request) => ({ ...request, path: paths.next() }),
      },
    ],
  });
}

function summary(result: autocannon.Result, exhausted: boolean): ClosedLoopResult {
  const statusCodes: Record<string, number> = {};
  for (const [code, stats] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = stats.count ?? 0;
  return {
    requests: result.requests.total,
    durationSeconds: result.duration,
    requestsPerSecond: result.requests.total / result.duration,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    statusCodes,
    pathsExhausted: exhausted,
  };
}

process.on('message', (raw) => {
  const message = asClosedLoopMessage(raw);
  if (message?.type !== 'start') return;
  const { spec } = message;
  const paths = pathSource(spec);
  void (async () => {
    if (spec.warmupSeconds > 0) await run(spec, spec.warmupSeconds, paths);
    const measure = new Promise<void>((resolve) => {
      process.on('message', (next) => {
        if (asClosedLoopMessage(next)?.type === 'measure') resolve();
      });
    });
    await send({ type: 'warmed' });
    await measure;
    const result = await run(spec, spec.measureSeconds, paths);
    await send({ type: 'result', result: summary(result, paths.exhausted()) });
    process.disconnect();
  })().catch(async (error: unknown) => {
    process.exitCode = 1;
    await send({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    process.disconnect();
  });
});

// Nothing to do once the bench is gone.
process.on('disconnect', () => process.exit(process.exitCode ?? 0));
