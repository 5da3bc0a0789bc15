/**
 * The load generator for the pipeline part, in a process of its own: an open loop that sends
 * request i when it is due (start + i / rate), whatever the answers so far, so a slow API cannot
 * slow the load down and hide its queueing. At most `connections` requests are in flight
 * (keep-alive sockets); a due request waits for a free one, and its latency counts from when it
 * was due. Driven over IPC (see load-messages.ts).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { asPacedMessage, type PacedMessage, type PacedRecord, type PacedResult, type PacedSpec } from './load-messages.js';

const send = (message: PacedMessage): Promise<void> =>
  new Promise((resolve) => {
    if (!process.send) resolve();
    else
      process.send(message, undefined, {}, () => {
        resolve();
      });
  });

const epochNow = (): number => performance.timeOrigin + performance.now();

function runPaced(spec: PacedSpec): Promise<PacedResult> {
  const paths = JSON.parse(readFileSync(spec.pathsFile, 'utf8')) as string[];
  const total = Math.min(paths.length, Math.floor(spec.requestsPerSecond * spec.seconds));
  const origin = new URL(spec.origin);
  const agent = new http.Agent({ keepAlive: true, maxSockets: spec.connections });
  const records: PacedRecord[] = [];
  const statusCodes: Record<string, number> = {};
  const intervalMs = 1000 / spec.requestsPerSecond;
  let errors = 0;
  let non2xx = 0;
  let answered = 0;
  let next = 0;
  let maxScheduleLagMs = 0;
  const startedAt = epochNow();

  return new Promise((resolve) => {
    const finishIfDone = (): void => {
      if (answered < total) return;
      agent.destroy();
      writeFileSync(spec.recordsFile, JSON.stringify(records));
      resolve({ startedAt, endedAt: epochNow(), sent: total, errors, non2xx, statusCodes, maxScheduleLagMs });
    };
    const fire = (index: number): void => {
      const path = paths[index] ?? '/';
      const dueAt = startedAt + index * intervalMs;
      const request = http.request(
        {
          agent,
          host: origin.hostname,
          port: origin.port,
          method: spec.method,
          path,
          headers: { ...spec.headers, 'content-length': '0' },
        },
        (response) => {
          response.resume();
          response.on('end', () => {
            const status = response.statusCode ?? 0;
            statusCodes[String(status)] = (statusCodes[String(status)] ?? 0) + 1;
            if (status < 200 || status > 299) non2xx += 1;
            records[index] = { path, dueAt, answeredAt: epochNow(), status };
            answered += 1;
            finishIfDone();
          });
        },
      );
      request.on('error', (error) => {
        errors += 1;
        records[index] = { path, dueAt, error: error.message };
        answered += 1;
        finishIfDone();
      });
      request.end();
    };
    const tick = (): void => {
      const now = epochNow();
      const due = Math.min(total, Math.floor((now - startedAt) / intervalMs) + 1);
      if (next < due) maxScheduleLagMs = Math.max(maxScheduleLagMs, now - (startedAt + next * intervalMs));
      while (next < due) fire(next++);
      if (next < total) setTimeout(tick, 1);
    };
    if (total === 0) finishIfDone();
    else tick();
  });
}

process.on('message', (raw) => {
  const message = asPacedMessage(raw);
  if (message?.type !== 'start') return;
  void runPaced(message.spec)
    .then((result) => send({ type: 'result', result }))
    .catch(async (error: unknown) => {
      process.exitCode = 1;
      await send({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    })
    .finally(() => {
      process.disconnect();
    });
});

process.on('disconnect', () => process.exit(process.exitCode ?? 0));
