import type { ApiPartResult, ApiPhaseResult, RouteResult, RunFigures, Side } from '../parts/api-bench.js';
import { DATA_SIZES } from '../parts/api-bench.js';
import type { ListsPartResult } from '../parts/lists-bench.js';
import type { PipelineRunResult } from '../parts/pipeline-bench.js';
import { mean } from '../measure/statistics.js';
import type { BenchSettings } from '../settings.js';
import { listsSection } from './lists-section.js';
import { TARGETS, verdict } from './targets.js';

export interface Environment {
  readonly startedAt: Date;
  readonly finishedAt: Date;
  readonly machine: string;
  readonly node: string;
  readonly postgres: string;
  readonly loadAverageAtStart: number;
  readonly loadAverageAtEnd: number;
}

export interface ReportInput {
  readonly environment: Environment;
  readonly settings: BenchSettings;
  readonly api?: ApiPartResult;
  readonly pipelineRateSource?: string;
  readonly pipeline: readonly PipelineRunResult[];
  readonly lists?: ListsPartResult;
}

const MIB = 1024 * 1024;

const int = (n: number): string => Math.round(n).toLocaleString('en-US');
const fixed = (n: number, digits: number): string => (Number.isFinite(n) ? n.toFixed(digits) : '–');
const ratio = (n: number): string => `${fixed(n, 2)} ×`;

/** Figures of one server on one route, over its runs. */
interface SideSummary {
  readonly rps: number;
  readonly runs: readonly number[];
  readonly p50: number;
  readonly p99: number;
  readonly cpuMsPerRequest: number;
  readonly postgresCpuMsPerRequest: number;
  readonly maxRssMiB: number;
  readonly errors: number;
  readonly non2xx: number;
  readonly loadGeneratorCpuShare: number;
}

function summarise(runs: readonly RunFigures[]): SideSummary {
  const requests = runs.reduce((sum, r) => sum + r.load.requests, 0);
  return {
    rps: mean(runs.map((r) => r.load.requestsPerSecond)),
    runs: runs.map((r) => r.load.requestsPerSecond),
    p50: mean(runs.map((r) => r.load.latencyP50Ms)),
    p99: mean(runs.map((r) => r.load.latencyP99Ms)),
    cpuMsPerRequest: runs.reduce((sum, r) => sum + r.serverCpuMs, 0) / Math.max(1, requests),
    postgresCpuMsPerRequest: runs.reduce((sum, r) => sum + r.postgresCpuMs, 0) / Math.max(1, requests),
    maxRssMiB: Math.max(0, ...runs.map((r) => r.maxServerRssBytes)) / MIB,
    errors: runs.reduce((sum, r) => sum + r.load.errors, 0),
    non2xx: runs.reduce((sum, r) => sum + r.load.non2xx, 0),
    loadGeneratorCpuShare:
      runs.reduce((sum, r) => sum + r.loadGeneratorCpuMs, 0) /
      Math.max(
        1,
        runs.reduce((sum, r) => sum + r.windowMs, 0),
      ),
  };
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

function phaseSection(phase: ApiPhaseResult, settings: BenchSettings): string {
  const summaries = phase.routes.map((r) => ({ route: r, hexabill: summarise(r.runs.hexabill), bare: summarise(r.runs.bare) }));
  const figureRows: string[][] = [];
  for (const { route, hexabill, bare } of summaries) {
    const row = (name: Side, s: SideSummary, title: string): string[] => [
      title,
      name,
      `${int(s.rps)} (${s.runs.map(int).join(' / ')})`,
      fixed(s.p50, 1),
      fixed(s.p99, 1),
      fixed(s.cpuMsPerRequest, 3),
      fixed(s.postgresCpuMsPerRequest, 3),
      fixed(s.maxRssMiB, 0),
      `${String(s.errors)} / ${String(s.non2xx)}`,
    ];
    figureRows.push(row('hexabill', hexabill, route.route.title), row('bare', bare, ''));
    figureRows.push([
      '',
      '**hexabill ÷ bare**',
      `**${ratio(hexabill.rps / bare.rps)}**`,
      ratio(hexabill.p50 / bare.p50),
      ratio(hexabill.p99 / bare.p99),
      ratio(hexabill.cpuMsPerRequest / bare.cpuMsPerRequest),
      ratio(hexabill.postgresCpuMsPerRequest / bare.postgresCpuMsPerRequest),
      ratio(hexabill.maxRssMiB / bare.maxRssMiB),
      '',
    ]);
  }
  const targetRows: string[][] = [];
  for (const { route, hexabill, bare } of summaries) {
    const write = route.route.kind === 'write';
    const throughputTarget = write ? TARGETS.writeThroughputRatio : TARGETS.readThroughputRatio;
    const cpuTarget = write ? TARGETS.writeCpuMs : TARGETS.readCpuMs;
    const rows: [string, string, boolean][] = [
      [
        `req/s ≥ ${String(throughputTarget)} × bare${write ? ' (a bare transaction doing the same writes)' : ''}`,
        ratio(hexabill.rps / bare.rps),
        hexabill.rps >= throughputTarget * bare.rps,
      ],
      [
        `server CPU ≤ ${String(cpuTarget)} ms per ${route.route.kind}`,
        `${fixed(hexabill.cpuMsPerRequest, 3)} ms`,
        hexabill.cpuMsPerRequest <= cpuTarget,
      ],
    ];
    if (write) {
      rows.push([
        `PostgreSQL CPU per write ≤ ${String(TARGETS.writePostgresCpuRatio)} × bare`,
        ratio(hexabill.postgresCpuMsPerRequest / bare.postgresCpuMsPerRequest),
        hexabill.postgresCpuMsPerRequest <= TARGETS.writePostgresCpuRatio * bare.postgresCpuMsPerRequest,
      ]);
    }
    rows.push([
      `RSS under load ≤ ${String(TARGETS.rssMiB)} MiB`,
      `${fixed(hexabill.maxRssMiB, 0)} MiB`,
      hexabill.maxRssMiB <= TARGETS.rssMiB,
    ]);
    rows.push([
      '0 errors, 0 non-2xx (both servers)',
      `${String(hexabill.errors + bare.errors)} / ${String(hexabill.non2xx + bare.non2xx)}`,
      hexabill.errors + bare.errors + hexabill.non2xx + bare.non2xx === 0,
    ]);
    rows.forEach(([target, measured, ok], i) => targetRows.push([i === 0 ? route.route.title : '', target, measured, verdict(ok)]));
  }
  const loadShare = mean(summaries.flatMap((s) => [s.hexabill.loadGeneratorCpuShare, s.bare.loadGeneratorCpuShare]));
  const parts = [
    `### LOG_LEVEL=${phase.logLevel}${phase.logLevel === 'info' ? ' (the default: one access-log line per request)' : ''}`,
    '',
    table(
      [
        'route',
        'server',
        `req/s: mean (runs in order)`,
        'p50 ms',
        'p99 ms',
        'server CPU ms/req',
        'PostgreSQL CPU ms/req',
        'RSS max MiB',
        'errors / non-2xx',
      ],
      figureRows,
    ),
    '',
    `p50 and p99 are means over the runs. The load generator (autocannon, ${String(settings.connections)} connections) used ${fixed(loadShare * 100, 0)} % of one core on average.`,
    '',
    table(['route', 'target', 'measured', ''], targetRows),
  ];
  parts.push('', 'Every run, in order:', '', runsTable(phase));
  if (phase.signIn) {
    const s = phase.signIn;
    parts.push(
      '',
      `Failed sign-in, one at a time (scrypt at the production cost): wrong password p50 ${fixed(s.wrongPasswordP50Ms, 1)} ms, ` +
        `unknown email p50 ${fixed(s.unknownEmailP50Ms, 1)} ms — ratio ${fixed(s.unknownEmailP50Ms / s.wrongPasswordP50Ms, 2)} ` +
        `(${String(s.attempts)} of each; the two should take the same time).`,
    );
  }
  return parts.join('\n');
}

function runsTable(phase: ApiPhaseResult): string {
  const rows: string[][] = [];
  for (const route of phase.routes) {
    const order = [
      ...route.runs.hexabill.map((r) => ({ side: 'hexabill', r, at: r.position })),
      ...route.runs.bare.map((r) => ({ side: 'bare', r, at: r.position })),
    ].sort((a, b) => a.at - b.at);
    for (const { side, r, at } of order) {
      const requests = Math.max(1, r.load.requests);
      rows.push([
        at === 1 ? route.route.title : '',
        `${String(at)}. ${side}`,
        int(r.load.requestsPerSecond),
        fixed(r.load.latencyP50Ms, 1),
        fixed(r.load.latencyP99Ms, 1),
        fixed(r.serverCpuMs / requests, 3),
        fixed(r.postgresCpuMs / requests, 3),
        fixed(r.maxServerRssBytes / MIB, 0),
        `${fixed((r.loadGeneratorCpuMs / r.windowMs) * 100, 0)} %`,
        `${String(r.load.errors)} / ${String(r.load.non2xx)}`,
      ]);
    }
  }
  return table(
    [
      'route',
      'run',
      'req/s',
      'p50 ms',
      'p99 ms',
      'server CPU ms/req',
      'PostgreSQL CPU ms/req',
      'RSS max MiB',
      'load generator CPU',
      'errors / non-2xx',
    ],
    rows,
  );
}

function routeSummaryForPipeline(routes: readonly RouteResult[]): string | undefined {
  const payment = routes.find((r) => r.route.key === 'request-payment');
  return payment ? `${int(summarise(payment.runs.hexabill).rps)} req/s` : undefined;
}

function pipelineSection(runs: readonly PipelineRunResult[], rateSource: string | undefined, settings: BenchSettings): string {
  const rows = runs.map((r) => [
    `${String(r.gatewayLatencyMs)} ms`,
    int(r.offeredRate),
    `${int(r.load.sent)} (${String(r.load.errors)} / ${String(r.load.non2xx)})`,
    fixed(r.settledPerSecondDuringLoad, 0),
    fixed(r.settledPerSecondOverall, 0),
    `${fixed(r.outboxLagP50Ms, 0)} / ${fixed(r.outboxLagP99Ms, 0)}`,
    `${fixed(r.requestToPaidP50Ms, 0)} / ${fixed(r.requestToPaidP99Ms, 0)}`,
    r.allPaidAfterLoadSeconds === undefined
      ? `no: ${int(r.unpaidAtEnd)} unpaid after ${String(settings.drainSeconds)} s`
      : `${fixed(r.allPaidAfterLoadSeconds, 2)} s`,
    exactlyOnce(r) ? 'yes' : `no (${describeOnceProblems(r)})`,
    fixed(r.apiCpuMsPerRequest, 3),
    fixed(r.workerCpuMsPerPayment, 3),
    fixed(r.postgresCpuMsPerPayment, 3),
  ]);
  const targetRows: string[][] = [];
  for (const r of runs) {
    const allOnceInTime =
      exactlyOnce(r) && r.allPaidAfterLoadSeconds !== undefined && r.allPaidAfterLoadSeconds <= TARGETS.allPaidWithinSeconds;
    const checks: [string, string, boolean][] = [
      [
        `outbox lag p99 < ${String(TARGETS.outboxLagP99Ms)} ms`,
        `${fixed(r.outboxLagP99Ms, 0)} ms`,
        r.outboxLagP99Ms < TARGETS.outboxLagP99Ms,
      ],
      [
        `every invoice paid exactly once within ${String(TARGETS.allPaidWithinSeconds)} s after the load stops`,
        r.allPaidAfterLoadSeconds === undefined
          ? `${int(r.unpaidAtEnd)} of ${int(r.requested)} unpaid after ${String(settings.drainSeconds)} s`
          : `all ${int(r.requested)} after ${fixed(r.allPaidAfterLoadSeconds, 2)} s${exactlyOnce(r) ? ', once each' : `, ${describeOnceProblems(r)}`}`,
        allOnceInTime,
      ],
      ['0 errors, 0 non-2xx', `${String(r.load.errors)} / ${String(r.load.non2xx)}`, r.load.errors + r.load.non2xx === 0],
    ];
    if (r.gatewayLatencyMs === TARGETS.slowGatewayLatencyMs) {
      const wanted = TARGETS.settledPerSecondAtSlowGateway;
      checks.push([
        `≥ ${String(wanted)} settled/s during load, one worker (issue 19; needs an offered rate ≥ ${String(wanted)}, BENCH_PIPELINE_RATE)`,
        `${fixed(r.settledPerSecondDuringLoad, 0)}/s at ${int(r.offeredRate)} offered`,
        r.settledPerSecondDuringLoad >= wanted,
      ]);
    }
    checks.forEach(([target, measured, ok], i) =>
      targetRows.push([i === 0 ? `${String(r.gatewayLatencyMs)} ms` : '', target, measured, verdict(ok)]),
    );
  }
  const lagNote = runs.some((r) => r.scheduleLagMaxMs > 50)
    ? ` The load generator fell behind its schedule by up to ${fixed(Math.max(...runs.map((r) => r.scheduleLagMaxMs)), 0)} ms (CPU starved).`
    : '';
  return [
    `## Payment pipeline: api + 1 worker + fauxqs, ${String(settings.pipelineSeconds)} s of request-payment at a steady rate`,
    '',
    `Offered rate: ${rateSource ?? 'set by BENCH_PIPELINE_RATE'}. Every run uses a fresh database and a fresh fauxqs.`,
    '',
    table(
      [
        'gateway latency',
        'offered req/s',
        'requests (errors / non-2xx)',
        'settled/s during load',
        'settled/s overall',
        'outbox lag p50 / p99 ms',
        'request → paid p50 / p99 ms',
        'all paid, after the load stopped',
        'paid exactly once',
        'API CPU ms/req',
        'worker CPU ms/payment',
        'PostgreSQL CPU ms/payment',
      ],
      rows,
    ),
    '',
    `Settled/s during load: invoices whose paid_at falls inside the load. Overall: all paid ÷ time from the load's start to the last payment. ` +
      `Outbox lag: published_at − created_at of each outbox row of these invoices (created_at is the writing transaction's start, ` +
      `so the lag is at most a transaction's length above commit → published). Request → paid: from when the request was due on ` +
      `the schedule to the invoice's paid_at.${lagNote}`,
    '',
    table(['gateway latency', "target (issue 12's are judged at the default 20 ms)", 'measured', ''], targetRows),
  ].join('\n');
}

/** Every requested invoice paid, none twice, none failed. */
function exactlyOnce(r: PipelineRunResult): boolean {
  return r.unpaidAtEnd === 0 && r.duplicatePaidEvents === 0 && r.paymentFailedEvents === 0 && r.paidWithoutEvent === 0;
}

function describeOnceProblems(r: PipelineRunResult): string {
  const problems: string[] = [];
  if (r.unpaidAtEnd > 0) problems.push(`${int(r.unpaidAtEnd)} unpaid`);
  if (r.duplicatePaidEvents > 0) problems.push(`${String(r.duplicatePaidEvents)} duplicate invoice.paid events`);
  if (r.paidWithoutEvent > 0) problems.push(`${String(r.paidWithoutEvent)} paid without an invoice.paid event`);
  if (r.paymentFailedEvents > 0) problems.push(`${String(r.paymentFailedEvents)} invoice.payment_failed events`);
  return problems.join(', ') || 'none';
}

/** The API part's set-up, for the report's header. */
function apiRunsLine(settings: BenchSettings): string {
  return (
    `- API runs: ${String(settings.connections)} connections, ${String(settings.warmupSeconds)} s warm-up + ${String(settings.measureSeconds)} s measured, ` +
    `in the order hexabill, bare, bare, hexabill per route. Data: ${int(DATA_SIZES.fillerUsers + 4)} users, ` +
    `${int(DATA_SIZES.fillerUsersWithInvoices * DATA_SIZES.invoicesPerFillerUser + DATA_SIZES.readerInvoices)} invoices ` +
    `(${int(DATA_SIZES.readerInvoices)} of them the listed user's); writes are removed after each run.`
  );
}

export function renderReport(input: ReportInput): string {
  const { environment: env, settings } = input;
  const appEnv = Object.entries(settings.appEnv);
  const sections = [
    `# hexabill benchmark, ${env.startedAt.toISOString()}`,
    '',
    `- Machine: ${env.machine}; Node ${env.node}; PostgreSQL ${env.postgres} (embedded, fsync ${settings.fsync ? 'on' : 'off'}).`,
    `- 1-minute load average ${fixed(env.loadAverageAtStart, 2)} at the start, ${fixed(env.loadAverageAtEnd, 2)} at the end; ` +
      `the bench took ${fixed((env.finishedAt.getTime() - env.startedAt.getTime()) / 60_000, 1)} min. Other processes on the machine compete for the same cores.`,
    `- Every server in its own process, the load generator in another, all on one PostgreSQL. hexabill from its entrypoints with ` +
      `NODE_ENV=production and otherwise default settings${appEnv.length > 0 ? `, plus ${appEnv.map(([k, v]) => `${k}=${v}`).join(', ')}` : ''}.`,
    ...(input.api ? [apiRunsLine(settings)] : []),
    "- CPU from /proc/<pid>/stat (utime + stime) over the measured window; PostgreSQL: the postmaster and all its children. RSS: the server process's VmRSS, sampled every 200 ms.",
  ];
  if (input.api) {
    sections.push('', '## API vs a bare Hono + pg server doing the same SQL');
    for (const phase of input.api.phases) sections.push('', phaseSection(phase, settings));
  }
  if (input.pipeline.length > 0) {
    const defaultPhase = input.api?.phases.find((p) => p.logLevel === 'info');
    const measured = defaultPhase ? routeSummaryForPipeline(defaultPhase.routes) : undefined;
    const source = input.pipelineRateSource ?? (measured ? `half the API's measured request-payment maximum (${measured})` : undefined);
    sections.push('', pipelineSection(input.pipeline, source, settings));
  }
  if (input.lists) sections.push('', listsSection(input.lists));
  return `${sections.join('\n')}\n`;
}
