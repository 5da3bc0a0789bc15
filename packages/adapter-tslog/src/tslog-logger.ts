import { hostname } from 'node:os';
import { trace, TraceFlags, type Span } from '@opentelemetry/api';
import type { LogFields, Logger } from '@hexabill/core';
import { Logger as TsLogger } from 'tslog';
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

/** Field names whose values never reach a JSON line, whatever a caller passes. */
const SECRET_KEYS = new Set([
  'password',
  'new_password',
  'current_password',
  'token',
  'access_token',
  'refresh_token',
  'authorization',
  'secret',
]);
const MASK = '[***]';

/** JSON.stringify's replacer for a line: secrets masked, errors as their name, message and stack. */
function lineValue(key: string, value: unknown): unknown {
  if (SECRET_KEYS.has(key.toLowerCase())) return MASK;
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  return value;
}

/** Whether a secret-named field or an object (which may hold one, or an error) is among the fields. */
function needsReplacer(fields: LogFields): boolean {
  for (const key in fields) {
    const value = fields[key];
    if ((typeof value === 'object' && value !== null) || SECRET_KEYS.has(key.toLowerCase())) return true;
  }
  return false;
}

/**
 * Core's `Logger` port. In JSON mode (production) each entry is one flat line —
 * `{"time","level","message",…fields,"hostname"}` — built and written here: the host name comes from
 * the OS (never from `$HOST`, which hexabill uses for its bind address), values of secret-named
 * fields are masked, and lines are written in batches. Routing these lines through tslog cost more
 * than the rest of a request's logging put together (its record, meta block and argument copies:
 * about 15 µs per line in a profile) to build a record this line does not use. Pretty mode is
 * tslog's, for a terminal.
 */
export class TslogLogger implements Logger {
  readonly #min: number;
  readonly #pretty: TsLogger<{ [key: string]: unknown }> | undefined;
  readonly #sink: LineSink;
  readonly #host: string;

  constructor(name: string, options: TslogLoggerOptions = {}) {
    this.#min = LEVELS[options.level ?? 'info'];
    this.#host = hostname();
    this.#sink = options.sink ?? new LineSink();
    if (options.pretty) this.#pretty = new TsLogger({ type: 'pretty', name, minLevel: this.#min, stack: { capture: 'off' } });
  }

  // Levels below the minimum return at once: an access-log call costs nothing when it is off.
  debug(message: string, fields: LogFields = {}): void {
    if (LEVELS.debug >= this.#min) this.#write('debug', message, fields);
  }
  info(message: string, fields: LogFields = {}): void {
    if (LEVELS.info >= this.#min) this.#write('info', message, fields);
  }
  warn(message: string, fields: LogFields = {}): void {
    if (LEVELS.warn >= this.#min) this.#write('warn', message, fields);
  }
  error(message: string, fields: LogFields = {}): void {
    this.#write('error', message, fields);
  }

  #write(level: LogLevel, message: string, fields: LogFields): void {
    const traced = traceFieldsOf(trace.getActiveSpan());
    if (this.#pretty) {
      this.#pretty[level](message, traced ? { ...fields, ...traced } : fields);
      return;
    }
    const line = { time: new Date().toISOString(), level, message, ...fields, ...traced, hostname: this.#host };
    // A replacer takes JSON.stringify off its fast path; only lines that may need one pay for it.
    this.#sink.write(needsReplacer(fields) ? JSON.stringify(line, lineValue) : JSON.stringify(line));
  }
}

/** `trace_id` and `span_id` of the span a line is written in, when tracing is on and one is active. */
function traceFieldsOf(span: Span | undefined): { trace_id: string; span_id: string } | undefined {
  if (!span) return undefined;
  const { traceId, spanId, traceFlags } = span.spanContext();
  return traceFlags & TraceFlags.SAMPLED || span.isRecording() ? { trace_id: traceId, span_id: spanId } : undefined;
}
