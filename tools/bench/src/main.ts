/**
 * `npm run bench`: hexabill measured as a user deploys it (see tools/bench/README.md).
 * Progress goes to stderr; the Markdown report to stdout and to tools/bench/results/latest.md.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem, release } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchContext } from './bench-context.js';
import { randomJwtSecret } from './hexabill/app-processes.js';
import { BenchData } from './hexabill/bench-data.js';
import { startHost, stopHost, type RunningHost } from './hosts/start-host.js';
import { loadAverage } from './measure/proc-stats.js';
import { runApiPart, type ApiPartResult } from './parts/api-bench.js';
import { runListsPart, type ListsPartResult } from './parts/lists-bench.js';
import { runPipeline, type PipelineRunResult } from './parts/pipeline-bench.js';
import { freePort } from './processes/free-port.js';
import { ProcessSupervisor } from './processes/process-supervisor.js';
import { renderReport } from './report/render-report.js';
import { readSettings, SettingsError, type BenchSettings } from './settings.js';

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

function machineLine(): string {
  const cores = cpus();
  const model = cores[0]?.model.replace(/\s+/g, ' ').trim() ?? 'unknown CPU';
  let kernel = release();
  try {
    kernel = readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim();
  } catch {
    // Not Linux: os.release() is what there is.
  }
  return `${model}, ${String(cores.length)} cores, ${(totalmem() / 1024 ** 3).toFixed(1)} GiB RAM, Linux ${kernel}`;
}

async function main(settings: BenchSettings, supervisor: ProcessSupervisor, workDir: string): Promise<void> {
  const startedAt = new Date();
  const loadAverageAtStart = loadAverage();
  log(`logs and scratch files: ${workDir}`);
  log(`starting PostgreSQL (fsync ${settings.fsync ? 'on' : 'off'})`);
  const postgres: RunningHost = await startHost(supervisor, 'postgres', 'hosts/postgres-host.js', [
    String(await freePort()),
    settings.fsync ? 'on' : 'off',
  ]);
  try {
    const admin = await BenchData.connect(postgres.url);
    const postgresVersion = await admin.serverVersion().finally(() => admin.close());
    const context: BenchContext = {
      settings,
      supervisor,
      postgresUrl: postgres.url,
      postmasterPid: postgres.pid,
      workDir,
      jwtSecret: randomJwtSecret(),
      log,
    };

    let api: ApiPartResult | undefined;
    if (settings.parts.includes('api')) {
      api = await runApiPart(context, settings.routes, settings.logLevels);
    } else if (settings.parts.includes('pipeline') && settings.pipelineRate === undefined) {
      log('the pipeline runs at half the API maximum: measuring request-payment first');
      api = await runApiPart(context, ['request-payment'], ['info']);
    }

    const pipeline: PipelineRunResult[] = [];
    let pipelineRateSource: string | undefined;
    if (settings.parts.includes('pipeline')) {
      let rate = settings.pipelineRate;
      if (rate === undefined) {
        if (api?.requestPaymentMaxRate === undefined) {
          throw new Error('the pipeline needs the API part with the request-payment route, or BENCH_PIPELINE_RATE');
        }
        rate = Math.max(1, Math.floor(api.requestPaymentMaxRate / 2));
      } else {
        pipelineRateSource = `BENCH_PIPELINE_RATE=${String(rate)}`;
      }
      for (const latency of settings.gatewayLatenciesMs) pipeline.push(await runPipeline(context, latency, rate));
    }

    const lists: ListsPartResult | undefined = settings.parts.includes('lists') ? await runListsPart(context) : undefined;

    const report = renderReport({
      environment: {
        startedAt,
        finishedAt: new Date(),
        machine: machineLine(),
        node: process.version,
        postgres: postgresVersion,
        loadAverageAtStart,
        loadAverageAtEnd: loadAverage(),
      },
      settings,
      ...(api ? { api } : {}),
      ...(pipelineRateSource ? { pipelineRateSource } : {}),
      pipeline,
      ...(lists ? { lists } : {}),
    });
    process.stdout.write(report);
    mkdirSync(dirname(settings.resultsFile), { recursive: true });
    writeFileSync(settings.resultsFile, report);
    log(`report written to ${settings.resultsFile}`);
  } finally {
    log('stopping PostgreSQL');
    await stopHost(postgres);
  }
}

let settings: BenchSettings;
try {
  settings = readSettings(process.env, join(packageDir, 'results', 'latest.md'));
} catch (error) {
  if (error instanceof SettingsError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  throw error;
}

const workDir = mkdtempSync(join(tmpdir(), 'hexabill-bench-'));
const supervisor = new ProcessSupervisor(workDir);
// Whatever ends the bench, no child outlives it.
process.on('exit', () => {
  supervisor.killAllNow();
});
const state = { interrupted: false };
const interrupt = (signal: NodeJS.Signals): void => {
  if (state.interrupted) return;
  state.interrupted = true;
  log(`${signal}: stopping every process the bench started (logs kept in ${workDir})`);
  void supervisor.stopAll(15_000).finally(() => process.exit(130));
};
process.on('SIGINT', interrupt);
process.on('SIGTERM', interrupt);

try {
  await main(settings, supervisor, workDir);
  await supervisor.stopAll();
  if (!settings.keepLogs) rmSync(workDir, { recursive: true, force: true });
} catch (error) {
  if (!state.interrupted) {
    log(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    log(`logs kept in ${workDir}`);
    await supervisor.stopAll();
    process.exitCode = 1;
  }
}
