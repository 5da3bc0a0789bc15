/**
 * Part 1: the API under closed-loop load beside the bare baseline. hexabill runs from its `api`
 * entrypoint, the baseline from baseline/bare-server.js, the load from load/closed-loop-load.js,
 * each in its own process, all on the one embedded PostgreSQL. Per route the runs alternate
 * hexabill, bare, bare, hexabill, so drift on a shared machine hits both sides alike.
 */
import { benchScript, scriptEnv, writeScratchJson, type BenchContext } from '../bench-context.js';
import { registerUser, TokenKeeper, failedSignInMs } from '../hexabill/api-client.js';
import { exitAsError, migrateLatest, productionEnv, startApi, type RunningApi } from '../hexabill/app-processes.js';
import { BenchData, createDatabase } from '../hexabill/bench-data.js';
import { asClosedLoopMessage, type ClosedLoopResult, type ClosedLoopSpec } from '../load/load-messages.js';
import { UsageWindow } from '../measure/usage-window.js';
import { freePort } from '../processes/free-port.js';
import type { ManagedProcess } from '../processes/process-supervisor.js';
import { waitUntil } from '../processes/wait-until.js';
import type { LogLevel, RouteKey } from '../settings.js';
import { ROUTES, type ApiSeed, type RequestShape, type RouteDefinition } from './api-routes.js';

/** Table sizes, so list pages and counts work on more than a handful of rows. */
export const DATA_SIZES = {
  fillerUsers: 10_000,
  fillerUsersWithInvoices: 1_000,
  invoicesPerFillerUser: 20,
  readerInvoices: 1_000,
} as const;

export type Side = 'hexabill' | 'bare';
const ORDER: readonly Side[] = ['hexabill', 'bare', 'bare', 'hexabill'];

export interface RunFigures {
  /** 1 to 4: where the run came in the route's order. */
  readonly position: number;
  readonly load: ClosedLoopResult;
  readonly serverCpuMs: number;
  readonly postgresCpuMs: number;
  readonly loadGeneratorCpuMs: number;
  readonly maxServerRssBytes: number;
  readonly windowMs: number;
}

export interface RouteResult {
  readonly route: RouteDefinition;
  readonly runs: Readonly<Record<Side, readonly RunFigures[]>>;
}

export interface SignInTiming {
  readonly wrongPasswordP50Ms: number;
  readonly unknownEmailP50Ms: number;
  readonly attempts: number;
}

export interface ApiPhaseResult {
  readonly logLevel: LogLevel;
  readonly routes: readonly RouteResult[];
  readonly signIn?: SignInTiming;
}

export interface ApiPartResult {
  readonly phases: readonly ApiPhaseResult[];
  /** hexabill's mean request-payment rate at the default log level, for the pipeline part. */
  readonly requestPaymentMaxRate?: number;
}

interface Target {
  readonly side: Side;
  readonly origin: string;
  readonly pid: number;
}

/** Starts the bare baseline from baseline/bare-server.js; ready once GET /health answers. */
async function startBare(context: BenchContext, databaseUrl: string): Promise<{ process: ManagedProcess; origin: string }> {
  const port = await freePort();
  const child = context.supervisor.start({
    name: 'bare-server',
    command: process.execPath,
    args: [benchScript('baseline/bare-server.js')],
    env: scriptEnv({ DATABASE_URL: databaseUrl, PORT: String(port), NODE_ENV: 'production' }),
  });
  const origin = `http://127.0.0.1:${String(port)}`;
  await waitUntil('the bare server to answer GET /health', async () => (await fetch(`${origin}/health`)).ok, {
    timeoutMs: 30_000,
    abort: exitAsError(child),
  });
  return { process: child, origin };
}

/** Registers the users through the API, promotes the admin with SQL, bulk-inserts the rest. */
async function seed(data: BenchData, origin: string): Promise<ApiSeed> {
  const adminEmail = 'bench-admin@example.com';
  const adminId = await registerUser(origin, adminEmail, 'Bench Admin');
  const readerId = await registerUser(origin, 'bench-reader@example.com', 'Bench Reader');
  const writerId = await registerUser(origin, 'bench-writer@example.com', 'Bench Writer');
  const payerId = await registerUser(origin, 'bench-payer@example.com', 'Bench Payer');
  await data.promoteToAdmin(adminId);
  await data.insertUsers(DATA_SIZES.fillerUsers, readerId);
  await data.insertInvoicesForFillers(DATA_SIZES.fillerUsersWithInvoices, DATA_SIZES.invoicesPerFillerUser);
  await data.query(
    `INSERT INTO invoices (id, user_id, amount, currency, status, created_at, updated_at, version)
     SELECT uuidv7(), $1, 10 + g % 90, 'USD', 'pending', now() - g * interval '1 minute', now() - g * interval '1 minute', 1
       FROM generate_series(1, $2::int) AS g`,
    [readerId, DATA_SIZES.readerInvoices],
  );
  await data.analyze();
  return { adminEmail, readerId, writerId, payerId };
}

/** One warm-up plus one measured autocannon run in a fresh load process, with /proc counters around the measured one. */
async function measureRun(
  context: BenchContext,
  name: string,
  target: Target,
  spec: ClosedLoopSpec,
  position: number,
): Promise<RunFigures> {
  const { settings, supervisor } = context;
  const load = supervisor.start({
    name,
    command: process.execPath,
    args: [benchScript('load/closed-loop-load.js')],
    env: scriptEnv(),
    ipc: true,
  });
  try {
    load.send({ type: 'start', spec });
    const warmed = await load.nextMessage(asClosedLoopMessage, (settings.warmupSeconds + 60) * 1000);
    if (warmed.type === 'failed') throw load.failure(warmed.message);
    const window = UsageWindow.start(target.pid, context.postmasterPid, { load: load.pid });
    load.send({ type: 'measure' });
    const answer = await load.nextMessage(
      (m) => {
        const message = asClosedLoopMessage(m);
        return message?.type === 'result' || message?.type === 'failed' ? message : undefined;
      },
      (settings.measureSeconds + 60) * 1000,
    );
    const usage = window.stop();
    if (answer.type !== 'result') throw load.failure(answer.message);
    return {
      position,
      load: answer.result,
      serverCpuMs: usage.serverCpuMs,
      postgresCpuMs: usage.postgresCpuMs,
      loadGeneratorCpuMs: usage.othersCpuMs.load ?? 0,
      maxServerRssBytes: usage.maxServerRssBytes,
      windowMs: usage.elapsedMs,
    };
  } finally {
    await load.stop(5_000);
  }
}

interface PhaseDeps {
  readonly context: BenchContext;
  readonly data: BenchData;
  readonly seed: ApiSeed;
  readonly tokens: TokenKeeper;
  readonly api: RunningApi;
  readonly bare: { process: ManagedProcess; origin: string };
  /**
   * The latest write rate of each side, req/s: request-payment sizes its pending invoices from it
   * (POST invoice runs first and writes at a similar rate). Starts from a generous guess.
   */
  readonly writeRates: Record<Side, number>;
}

/** Enough pending invoices for a request-payment run at `expectedRate`, with room to spare. */
function paymentPoolSize(expectedRate: number, context: BenchContext): number {
  const { warmupSeconds, measureSeconds, connections } = context.settings;
  return Math.max(2_000, Math.ceil(expectedRate * (warmupSeconds + measureSeconds) * 1.5) + connections * 4);
}

async function runRoute(deps: PhaseDeps, route: RouteDefinition, logLevel: LogLevel): Promise<RouteResult> {
  const { context, data, seed, tokens, api, bare, writeRates: guessedRate } = deps;
  const runs: Record<Side, RunFigures[]> = { hexabill: [], bare: [] };
  for (const [index, side] of ORDER.entries()) {
    const target: Target =
      side === 'hexabill' ? { side, origin: api.origin, pid: api.process.pid } : { side, origin: bare.origin, pid: bare.process.pid };
    const shape: RequestShape = side === 'hexabill' ? route.hexabill(seed) : route.bare(seed);
    const headers: Record<string, string> = side === 'hexabill' ? await tokens.bearer(api.origin) : {};
    if (shape.body !== undefined) headers['Content-Type'] = 'application/json';
    const name = `load-${logLevel}-${route.key}-${String(index + 1)}-${side}`;
    let figures: RunFigures | undefined;
    for (let attempt = 1; attempt <= 3 && !figures; attempt += 1) {
      const base = { origin: target.origin, method: shape.method, headers, connections: context.settings.connections };
      const timing = { warmupSeconds: context.settings.warmupSeconds, measureSeconds: context.settings.measureSeconds };
      let spec: ClosedLoopSpec;
      if (typeof shape.path === 'function') {
        const pathOf = shape.path;
        const ids = await data.insertPendingInvoices(seed.payerId, paymentPoolSize(guessedRate[side] * attempt, context));
        await data.query('VACUUM (ANALYZE) invoices');
        spec = { ...base, ...timing, pathsFile: writeScratchJson(context, `${name}-paths.json`, ids.map(pathOf)) };
      } else {
        spec = { ...base, ...timing, path: shape.path, ...(shape.body === undefined ? {} : { body: shape.body }) };
      }
      context.log(`  ${route.title} — run ${String(index + 1)}/4: ${side}`);
      const run = await measureRun(context, name, target, spec, index + 1);
      await data.resetWrites([seed.writerId, seed.payerId]);
      if (run.load.pathsExhausted) {
        context.log(`    ran out of pending invoices at ${run.load.requestsPerSecond.toFixed(0)} req/s; again with more`);
        guessedRate[side] = Math.max(guessedRate[side] * 2, run.load.requestsPerSecond * 1.5);
        continue;
      }
      figures = run;
    }
    if (!figures) throw new Error(`${route.title}, ${side}: pending invoices ran out three times`);
    if (route.kind === 'write') guessedRate[side] = figures.load.requestsPerSecond;
    runs[side].push(figures);
    const l = figures.load;
    context.log(
      `    ${l.requestsPerSecond.toFixed(0)} req/s, p50 ${l.latencyP50Ms.toFixed(1)} ms, p99 ${l.latencyP99Ms.toFixed(1)} ms, ` +
        `server CPU ${(figures.serverCpuMs / Math.max(1, l.requests)).toFixed(3)} ms/req, errors ${String(l.errors)}, non-2xx ${String(l.non2xx)}`,
    );
  }
  return { route, runs };
}

/** Failed sign-ins, one at a time: wrong passwords of two real accounts, and unknown emails. */
async function timeSignIns(origin: string): Promise<SignInTiming> {
  const wrong: number[] = [];
  const unknown: number[] = [];
  const attempts = 8;
  for (let i = 0; i < attempts; i += 1) {
    wrong.push(await failedSignInMs(origin, i % 2 === 0 ? 'bench-reader@example.com' : 'bench-writer@example.com'));
    unknown.push(await failedSignInMs(origin, `nobody-${String(i)}@example.com`));
  }
  const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
  return { wrongPasswordP50Ms: median(wrong), unknownEmailP50Ms: median(unknown), attempts };
}

export async function runApiPart(
  context: BenchContext,
  routeKeys: readonly RouteKey[],
  logLevels: readonly LogLevel[],
): Promise<ApiPartResult> {
  const { settings, supervisor } = context;
  const routes = ROUTES.filter((r) => routeKeys.includes(r.key));
  const databaseUrl = await createDatabase(context.postgresUrl, 'hexabill_bench_api');
  const base = { databaseUrl, jwtSecret: context.jwtSecret, appEnv: settings.appEnv };
  context.log('API part: migrating, starting the bare server');
  await migrateLatest(supervisor, 'migrate-api', productionEnv(base, {}));
  const data = await BenchData.connect(databaseUrl);
  const bare = await startBare(context, databaseUrl);
  const phases: ApiPhaseResult[] = [];
  let seeded: ApiSeed | undefined;
  let tokens: TokenKeeper | undefined;
  try {
    for (const logLevel of logLevels) {
      // LOG_LEVEL is left unset for `info`, its default: the API runs exactly as deployed.
      const env = productionEnv(base, logLevel === 'info' ? {} : { LOG_LEVEL: logLevel });
      const api = await startApi(supervisor, `api-${logLevel}`, env, await freePort());
      try {
        if (!seeded) {
          context.log('API part: setting up users and invoices');
          seeded = await seed(data, api.origin);
          tokens = new TokenKeeper(seeded.adminEmail);
        }
        if (!tokens) throw new Error('no token keeper');
        context.log(`API part, LOG_LEVEL=${logLevel}${logLevel === 'info' ? ' (the default)' : ''}:`);
        const results: RouteResult[] = [];
        const writeRates: Record<Side, number> = { hexabill: 3_000, bare: 6_000 };
        for (const route of routes) {
          results.push(await runRoute({ context, data, seed: seeded, tokens, api, bare, writeRates }, route, logLevel));
        }
        const signIn = phases.length === 0 ? await timeSignIns(api.origin) : undefined;
        phases.push({ logLevel, routes: results, ...(signIn ? { signIn } : {}) });
      } finally {
        await api.process.stop(30_000);
      }
    }
  } finally {
    await bare.process.stop(10_000);
    await data.close();
  }
  const defaultPhase = phases.find((p) => p.logLevel === 'info') ?? phases[0];
  const payments = defaultPhase?.routes.find((r) => r.route.key === 'request-payment')?.runs.hexabill ?? [];
  const rate = payments.length > 0 ? payments.reduce((sum, r) => sum + r.load.requestsPerSecond, 0) / payments.length : undefined;
  return { phases, ...(rate === undefined ? {} : { requestPaymentMaxRate: rate }) };
}
