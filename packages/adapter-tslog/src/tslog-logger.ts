import { hostname } from 'node:os';
import type { LogFields, Logger } from '@hexabill/core';
import { Logger as TsLogger, type IMeta } from 'tslog';
import { LineSink } from './line-sink.js';

const LEVELS = { debug: 2, info: 3, warn: 4, error: 5 } as const;
export type LogLevel = keyof typeof LEVELS;

export interface TslogLoggerOptions {
  readonly level?: LogLevel;
  /** Human-readable lines (tslog's pretty format) instead of JSON: for a developer's terminal. */
  readonly pretty?: boolean;
  /** Where JSON lines go (stdout by default). */
  readonly sink?: LineSink;
}

/** What tslog hands a transport: the positional arguments ("0": message, "1": fields) and its meta block. */
type Record = { [key: string]: unknown };

/**
 * Core's `Logger` port on tslog. In JSON mode each entry is one flat line —
 * `{"time","level","message",…fields,"hostname"}` — with the host name from the OS (never from `$HOST`,
 * which hexabill uses for its bind address) and none of tslog's `_logMeta` block; lines are written in
 * batches. tslog builds the record (levels, masking, the clock); the line is ours. Pretty mode is
 * tslog's own, for a terminal.
 */
export class TslogLogger implements Logger {
  readonly #log: TsLogger<Record>;
  readonly #min: number;

  constructor(name: string, options: TslogLoggerOptions = {}) {
    this.#min = LEVELS[options.level ?? 'info'];
    if (options.pretty) {
      this.#log = new TsLogger({ type: 'pretty', name, minLevel: this.#min, stack: { capture: 'off' } });
      return;
    }
    const sink = options.sink ?? new LineSink();
    const host = hostname();
    this.#log = new TsLogger<Record>({
      type: 'hidden',
      name,
      minLevel: this.#min,
      stack: { capture: 'off' },
      attachedTransports: [
        {
          format: (record) => jsonLine(record, host),
          write: (_record, line) => {
            sink.write(line);
          },
        },
      ],
    });
  }

  // Levels below the minimum return at once: an access-log call costs nothing when it is off.
  debug(message: string, fields: LogFields = {}): void {
    if (LEVELS.debug >= this.#min) this.#log.debug(message, fields);
  }
  info(message: string, fields: LogFields = {}): void {
    if (LEVELS.info >= this.#min) this.#log.info(message, fields);
  }
  warn(message: string, fields: LogFields = {}): void {
    if (LEVELS.warn >= this.#min) this.#log.warn(message, fields);
  }
  error(message: string, fields: LogFields = {}): void {
    this.#log.error(message, fields);
  }
}

/** One flat line from a tslog record. */
function jsonLine(record: Record, host: string): string {
  const meta = record._logMeta as IMeta | undefined;
  const line: { [key: string]: unknown } = {
    time: (meta?.date ?? new Date()).toISOString(),
    level: (meta?.logLevelName ?? 'INFO').toLowerCase(),
    message: record['0'],
  };
  const fields = record['1'];
  if (typeof fields === 'object' && fields !== null) Object.assign(line, fields);
  line.hostname = host;
  return JSON.stringify(line);
}
