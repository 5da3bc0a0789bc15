/**
 * Part 2: the payment pipeline end to end, as deployed: `api` and `worker` from their entrypoints,
 * each in its own process, on the embedded PostgreSQL and on fauxqs (SNS/SQS) in a process of its
 * own. An open-loop load asks for payments at a steady rate; afterwards SQL on the invoices and
 * outbox tables tells how fast they settled, how long events waited in the outbox, and whether
 * every invoice ended `paid` exactly once.
 */
import { readFileSync } from 'node:fs';
import { benchScript, scriptEnv, writeScratchJson, type BenchContext } from '../bench-context.js';
import { registerUser, TokenKeeper } from '../hexabill/api-client.js';
import { migrateLatest, productionEnv, startApi, startWorker, type RunningApi } from '../hexabill/app-processes.js';
import { BenchData, createDatabase } from '../hexabill/bench-data.js';
import { startHost, stopHost } from '../hosts/start-host.js';
import { asPacedMessage, type PacedRecord, type PacedResult, type PacedSpec } from '../load/load-messages.js';
import { percentile } from '../measure/statistics.js';
import { UsageWindow } from '../measure/usage-window.js';
import { freePort } from '../processes/free-port.js';
import type { ManagedProcess } from '../processes/process-supervisor.js';
import { sleep } from '../processes/wait-until.js';

/** Payments sent before the measured load, slowly, so the JIT and the connections are warm. */
const WARMUP_RATE = 20;

export interface PipelineRunResult {
  readonly gatewayLatencyMs: number;
  readonly offeredRate: number;
  readonly load: PacedResult;
  /** Invoices paid while the load ran, per second of load. */
  readonly settledPerSecondDuringLoad: number;
  /** All paid invoices over the time from the load's start to the last payment. */
  readonly settledPerSecondOverall: number;
  readonly paid: number;
  /** Invoices marked paid with no invoice.paid event in the outbox. */
  readonly paidWithoutEvent: number;
  readonly requested: number;
  /** Seconds from the load's last answer to the last invoice paid (undefined: not all were paid). */
  readonly allPaidAfterLoadSeconds: number | undefined;
  readonly unpaidAtEnd: number;
  readonly duplicatePaidEvents: number;
  readonly paymentFailedEvents: number;
  readonly outboxLagP50Ms: number;
  readonly outboxLagP99Ms: number;
  readonly outboxLagMaxMs: number;
  readonly outboxEvents: number;
  readonly outboxUnpublished: number;
  readonly requestToPaidP50Ms: number;
  readonly requestToPaidP99Ms: number;
  readonly apiCpuMsPerRequest: number;
  readonly workerCpuMsPerPayment: number;
  readonly postgresCpuMsPerPayment: number;
  readonly scheduleLagMaxMs: number;
}

async function pacedLoad(context: BenchContext, name: string, spec: PacedSpec): Promise<PacedResult> {
  const child = context.supervisor.start({
    name,
    command: process.execPath,
    args: [benchScript('load/paced-load.js')],
    env: scriptEnv(),
    ipc: true,
  });
  try {
    child.send({ type: 'start', spec });
    const answer = await child.nextMessage(asPacedMessage, (spec.seconds + 120) * 1000);
    if (answer.type !== 'result') throw child.failure(answer.type === 'failed' ? answer.message : 'no result');
    return answer.result;
  } finally {
    await child.stop(5_000);
  }
}

/** Waits until every invoice in `ids` is paid, or `deadline` (epoch ms) passes; returns how many are not. */
async function waitForPaid(data: BenchData, ids: readonly string[], deadline: number): Promise<number> {
  for (;;) {
    const rows = await data.query<{ unpaid: string }>(
      `SELECT count(*) AS unpaid FROM invoices WHERE id = ANY($1::uuid[]) AND status <> 'paid'`,
      [ids],
    );
    const unpaid = Number(rows[0]?.unpaid ?? 0);
    if (unpaid === 0 || Date.now() > deadline) return unpaid;
    await sleep(100);
  }
}

export async function runPipeline(context: BenchContext, gatewayLatencyMs: number, rate: number): Promise<PipelineRunResult> {
  const { settings, supervisor } = context;
  const tag = `${String(gatewayLatencyMs)}ms`;
  context.log(`Pipeline, gateway latency ${tag}, ${rate.toFixed(0)} request-payment/s for ${String(settings.pipelineSeconds)} s:`);
  const fauxqs = await startHost(supervisor, `fauxqs-${tag}`, 'hosts/fauxqs-host.js', [String(await freePort())]);
  const databaseUrl = await createDatabase(context.postgresUrl, `hexabill_bench_pipeline_${String(gatewayLatencyMs)}`);
  const base = { databaseUrl, jwtSecret: context.jwtSecret, appEnv: settings.appEnv };
  await migrateLatest(supervisor, `migrate-pipeline-${tag}`, productionEnv(base, {}));
  const data = await BenchData.connect(databaseUrl);
  let api: RunningApi | undefined;
  let worker: ManagedProcess | undefined;
  try {
    api = await startApi(supervisor, `api-pipeline-${tag}`, productionEnv(base, {}), await freePort());
    worker = await startWorker(
      supervisor,
      `worker-${tag}`,
      productionEnv(base, {
        AWS_ENDPOINT: fauxqs.url,
        AWS_ACCESS_KEY_ID: 'bench',
        AWS_SECRET_ACCESS_KEY: 'bench',
        MESSAGING_PROVISION: 'true',
        SIMULATED_GATEWAY_LATENCY_MS: String(gatewayLatencyMs),
        // Required of a production worker; the bench sends no password-reset e-mail, so nothing listens there.
        SMTP_URL: 'smtp://127.0.0.1:2525',
        PASSWORD_RESET_URL: 'https://bench.example.com/reset-password',
      }),
      await freePort(),
    );
    const adminEmail = 'bench-admin@example.com';
    await data.promoteToAdmin(await registerUser(api.origin, adminEmail, 'Bench Admin'));
    const payerId = await registerUser(api.origin, 'bench-payer@example.com', 'Bench Payer');
    const headers = await new TokenKeeper(adminEmail).bearer(api.origin);
    const total = Math.floor(rate * settings.pipelineSeconds);
    const warmupCount = Math.max(1, Math.min(total, WARMUP_RATE * settings.warmupSeconds));
    const ids = await data.insertPendingInvoices(payerId, warmupCount + total);
    await data.analyze();
    const paths = ids.map((id) => `/api/v1/invoices/${id}/request-payment`);
    const warmupIds = ids.slice(0, warmupCount);
    const measuredIds = ids.slice(warmupCount);

    context.log(`  warm-up: ${String(warmupCount)} payments at ${String(WARMUP_RATE)}/s`);
    await pacedLoad(context, `paced-warmup-${tag}`, {
      origin: api.origin,
      method: 'POST',
      pathsFile: writeScratchJson(context, `paced-warmup-${tag}-paths.json`, paths.slice(0, warmupCount)),
      headers,
      requestsPerSecond: WARMUP_RATE,
      seconds: warmupCount / WARMUP_RATE,
      connections: settings.connections,
      recordsFile: `${context.workDir}/paced-warmup-${tag}-records.json`,
    });
    const warmupUnpaid = await waitForPaid(data, warmupIds, Date.now() + settings.drainSeconds * 1000);
    if (warmupUnpaid > 0) context.log(`  ${String(warmupUnpaid)} warm-up payments still unpaid; measuring anyway`);

    context.log('  measured load');
    const recordsFile = `${context.workDir}/paced-${tag}-records.json`;
    const window = UsageWindow.start(api.process.pid, context.postmasterPid, { worker: worker.pid });
    const load = await pacedLoad(context, `paced-${tag}`, {
      origin: api.origin,
      method: 'POST',
      pathsFile: writeScratchJson(context, `paced-${tag}-paths.json`, paths.slice(warmupCount)),
      headers,
      requestsPerSecond: rate,
      seconds: settings.pipelineSeconds,
      connections: settings.connections,
      recordsFile,
    });
    const records = JSON.parse(readFileSync(recordsFile, 'utf8')) as PacedRecord[];
    const loadEnd = Math.max(...records.map((r) => r.answeredAt ?? 0));
    const requestedIds = measuredIds.slice(0, records.length);
    context.log(`  waiting up to ${String(settings.drainSeconds)} s for every invoice to be paid`);
    const unpaidAtEnd = await waitForPaid(data, requestedIds, loadEnd + settings.drainSeconds * 1000);
    const usage = window.stop();

    const invoices = await data.query<{ id: string; paid_at: Date | null }>(`SELECT id, paid_at FROM invoices WHERE id = ANY($1::uuid[])`, [
      requestedIds,
    ]);
    const paidAt = new Map(invoices.filter((i) => i.paid_at !== null).map((i) => [i.id, (i.paid_at as Date).getTime()]));
    const dueAt = new Map(records.map((r, i) => [requestedIds[i] ?? '', r.dueAt]));
    const requestToPaid = [...paidAt].map(([id, at]) => at - (dueAt.get(id) ?? at));
    const paidTimes = [...paidAt.values()];
    const lastPaid = paidTimes.length > 0 ? Math.max(...paidTimes) : load.startedAt;
    const paidDuringLoad = paidTimes.filter((t) => t >= load.startedAt && t <= loadEnd).length;

    const events = await data.query<{ event_type: string; aggregate_id: string; lag_ms: number | null }>(
      `SELECT event_type, aggregate_id, extract(epoch FROM published_at - created_at) * 1000 AS lag_ms
         FROM outbox WHERE aggregate_id = ANY($1::text[])`,
      [requestedIds],
    );
    const lags = events.filter((e) => e.lag_ms !== null).map((e) => Number(e.lag_ms));
    const paidEvents = new Map<string, number>();
    for (const e of events) if (e.event_type === 'invoice.paid') paidEvents.set(e.aggregate_id, (paidEvents.get(e.aggregate_id) ?? 0) + 1);
    const duplicatePaidEvents = [...paidEvents.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0);
    const paid = paidAt.size;
    return {
      gatewayLatencyMs,
      offeredRate: rate,
      load,
      settledPerSecondDuringLoad: paidDuringLoad / ((loadEnd - load.startedAt) / 1000),
      settledPerSecondOverall: paid / Math.max(0.001, (lastPaid - load.startedAt) / 1000),
      paid,
      paidWithoutEvent: [...paidAt.keys()].filter((id) => !paidEvents.has(id)).length,
      requested: requestedIds.length,
      allPaidAfterLoadSeconds: unpaidAtEnd === 0 ? Math.max(0, (lastPaid - loadEnd) / 1000) : undefined,
      unpaidAtEnd,
      duplicatePaidEvents,
      paymentFailedEvents: events.filter((e) => e.event_type === 'invoice.payment_failed').length,
      outboxLagP50Ms: percentile(lags, 50),
      outboxLagP99Ms: percentile(lags, 99),
      outboxLagMaxMs: lags.length > 0 ? Math.max(...lags) : 0,
      outboxEvents: events.length,
      outboxUnpublished: events.length - lags.length,
      requestToPaidP50Ms: percentile(requestToPaid, 50),
      requestToPaidP99Ms: percentile(requestToPaid, 99),
      apiCpuMsPerRequest: usage.serverCpuMs / Math.max(1, records.length),
      workerCpuMsPerPayment: (usage.othersCpuMs.worker ?? 0) / Math.max(1, paid),
      postgresCpuMsPerPayment: usage.postgresCpuMs / Math.max(1, paid),
      scheduleLagMaxMs: load.maxScheduleLagMs,
    };
  } finally {
    // The worker first, while fauxqs still answers, so it drains cleanly.
    await worker?.stop(30_000);
    await api?.process.stop(30_000);
    await data.close();
    await stopHost(fauxqs);
  }
}
