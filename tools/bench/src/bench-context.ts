import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProcessSupervisor } from './processes/process-supervisor.js';
import type { BenchSettings } from './settings.js';

/** What every part of the bench shares: settings, the process supervisor, the PostgreSQL server. */
export interface BenchContext {
  readonly settings: BenchSettings;
  readonly supervisor: ProcessSupervisor;
  /** The embedded server's superuser URL (database `postgres`). */
  readonly postgresUrl: string;
  readonly postmasterPid: number;
  /** Logs and scratch files of this run. */
  readonly workDir: string;
  /** One secret for every hexabill process of the run, so a token outlives an API restart. */
  readonly jwtSecret: string;
  /** Progress lines, on stderr (stdout gets the report). */
  log(line: string): void;
}

/** The path of one of the bench's own compiled scripts (dist/), e.g. `load/closed-loop-load.js`. */
export function benchScript(relative: string): string {
  return new URL(relative, new URL('./', import.meta.url)).pathname;
}

/** Writes `value` as JSON to a scratch file of this run; returns its path. */
export function writeScratchJson(context: BenchContext, name: string, value: unknown): string {
  const path = join(context.workDir, name);
  writeFileSync(path, JSON.stringify(value));
  return path;
}

/** The environment of the bench's own child scripts: PATH only (and the variables given). */
export function scriptEnv(extra: Readonly<Record<string, string>> = {}): Record<string, string> {
  return { ...(process.env.PATH === undefined ? {} : { PATH: process.env.PATH }), ...extra };
}
