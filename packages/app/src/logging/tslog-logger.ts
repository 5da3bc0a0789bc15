import type { LogFields, Logger } from '@hexabill/core';
import { Logger as TsLogger } from 'tslog';

const LEVELS = { debug: 2, info: 3, warn: 4, error: 5 } as const;

/** The core's Logger port on tslog: one flat JSON line per entry, fields next to the message. */
export class TslogLogger implements Logger {
  readonly #log: TsLogger<Record<string, unknown>>;

  constructor(name: string, level: keyof typeof LEVELS = 'info', log?: TsLogger<Record<string, unknown>>) {
    this.#log = log ?? new TsLogger({ type: 'json', name, minLevel: LEVELS[level] });
  }

  debug(message: string, fields: LogFields = {}): void {
    this.#log.debug({ ...fields }, message);
  }
  info(message: string, fields: LogFields = {}): void {
    this.#log.info({ ...fields }, message);
  }
  warn(message: string, fields: LogFields = {}): void {
    this.#log.warn({ ...fields }, message);
  }
  error(message: string, fields: LogFields = {}): void {
    this.#log.error({ ...fields }, message);
  }

  async flush(): Promise<void> {
    await (this.#log as unknown as { flush?: () => Promise<void> }).flush?.();
  }
}
