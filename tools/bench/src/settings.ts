/** The HTTP routes the API part measures, by the key BENCH_ROUTES takes. */
export const ROUTE_KEYS = ['user', 'users', 'invoices', 'create-invoice', 'request-payment'] as const;
export type RouteKey = (typeof ROUTE_KEYS)[number];

export const PART_KEYS = ['api', 'pipeline', 'lists'] as const;
export type PartKey = (typeof PART_KEYS)[number];

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface BenchSettings {
  readonly parts: readonly PartKey[];
  readonly routes: readonly RouteKey[];
  /** One API phase per level; `info` is the default a user gets (one access-log line per request). */
  readonly logLevels: readonly LogLevel[];
  readonly warmupSeconds: number;
  readonly measureSeconds: number;
  readonly connections: number;
  readonly pipelineSeconds: number;
  /** Requests per second for the pipeline; undefined: half the API's measured request-payment maximum. */
  readonly pipelineRate: number | undefined;
  readonly gatewayLatenciesMs: readonly number[];
  /** How long to wait after the pipeline load for every invoice to be paid before giving up. */
  readonly drainSeconds: number;
  /** The lists part: timed requests per figure, per data size. */
  readonly listRequests: number;
  readonly fsync: boolean;
  readonly resultsFile: string;
  readonly keepLogs: boolean;
  /** BENCH_APP_<NAME>=value, passed to migrate, api and worker as <NAME>=value. */
  readonly appEnv: Readonly<Record<string, string>>;
}

export class SettingsError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid benchmark settings:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'SettingsError';
  }
}

/** Reads the BENCH_* variables; every bad one is reported by name, all at once. */
export function readSettings(env: Record<string, string | undefined>, defaultResultsFile: string): BenchSettings {
  const problems: string[] = [];
  const value = (name: string): string | undefined => {
    const raw = env[name]?.trim();
    return raw === undefined || raw === '' ? undefined : raw;
  };
  const number = (name: string, fallback: number, min: number, max: number, integer = false): number => {
    const raw = value(name);
    if (raw === undefined) return fallback;
    const parsed = Number(raw);
    if (!Number.isFinite(parsed) || parsed < min || parsed > max || (integer && !Number.isInteger(parsed))) {
      problems.push(`${name}: must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max} (got "${raw}")`);
      return fallback;
    }
    return parsed;
  };
  const list = <T extends string>(name: string, allowed: readonly T[], fallback: readonly T[]): readonly T[] => {
    const raw = value(name);
    if (raw === undefined) return fallback;
    const items = raw
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
    const unknown = items.filter((item) => !(allowed as readonly string[]).includes(item));
    if (unknown.length > 0 || items.length === 0) {
      problems.push(`${name}: a comma-separated list of ${allowed.join(', ')} (got "${raw}")`);
      return fallback;
    }
    return [...new Set(items)] as T[];
  };
  const flag = (name: string, fallback: boolean): boolean => {
    const raw = value(name);
    if (raw === undefined) return fallback;
    if (['on', 'true', '1'].includes(raw)) return true;
    if (['off', 'false', '0'].includes(raw)) return false;
    problems.push(`${name}: on or off (got "${raw}")`);
    return fallback;
  };

  const latenciesRaw = value('BENCH_GATEWAY_LATENCIES_MS') ?? '20,300';
  const gatewayLatenciesMs = latenciesRaw.split(',').map((s) => Number(s.trim()));
  if (gatewayLatenciesMs.length === 0 || gatewayLatenciesMs.some((n) => !Number.isInteger(n) || n < 0 || n > 60_000)) {
    problems.push(`BENCH_GATEWAY_LATENCIES_MS: a comma-separated list of milliseconds, 0 to 60000 (got "${latenciesRaw}")`);
  }
  const rate = value('BENCH_PIPELINE_RATE') === undefined ? undefined : number('BENCH_PIPELINE_RATE', 1, 1, 100_000);

  const appEnv: Record<string, string> = {};
  for (const [name, raw] of Object.entries(env)) {
    if (name.startsWith('BENCH_APP_') && raw !== undefined && name.length > 'BENCH_APP_'.length) {
      appEnv[name.slice('BENCH_APP_'.length)] = raw;
    }
  }

  const settings: BenchSettings = {
    parts: list('BENCH_PARTS', PART_KEYS, PART_KEYS),
    routes: list('BENCH_ROUTES', ROUTE_KEYS, ROUTE_KEYS),
    logLevels: list('BENCH_LOG_LEVELS', LOG_LEVELS, ['info', 'warn']),
    warmupSeconds: number('BENCH_WARMUP_SECONDS', 3, 0, 600, true),
    measureSeconds: number('BENCH_SECONDS', 10, 1, 3_600, true),
    connections: number('BENCH_CONNECTIONS', 50, 1, 1_000, true),
    pipelineSeconds: number('BENCH_PIPELINE_SECONDS', 30, 1, 3_600, true),
    pipelineRate: rate,
    gatewayLatenciesMs,
    drainSeconds: number('BENCH_DRAIN_SECONDS', 60, 2, 3_600, true),
    listRequests: number('BENCH_LIST_REQUESTS', 50, 5, 10_000, true),
    fsync: flag('BENCH_FSYNC', true),
    resultsFile: value('BENCH_RESULTS') ?? defaultResultsFile,
    keepLogs: flag('BENCH_KEEP_LOGS', false),
    appEnv,
  };
  if (problems.length > 0) throw new SettingsError(problems);
  return settings;
}
