import type { LogFields, Logger } from '@hexabill/core';
import { Logger as TsLogger } from 'tslog';

const LEVELS = { debug: 2, info: 3, warn: 4, error: 5 } as const;

/** The core's Logger port on tslog: one flat JSON line per entry, fields next to the message. */
export class TslogLogger implements Logger {
  readonly #log: TsLogger<Record<string, unknown>>;
  readonly #min: number;

  constructor(name: string, level: keyof typeof LEVELS = 'info', log?: TsLogger<Record<string, unknown>>) {
    this.#min = LEVELS[level];
    this.#log = log ?? new TsLogger({ type: 'json', name, minLevel: this.#min });
  }

  // Levels below the minimum return at once: an access-log call costs nothing when it is off.
  debug(message: string, fields: LogFields = {}): void {
    if (LEVELS.debug >= this.#min) this.#log.debug({ ...fields }, message);
  }
  info(message: string, fields: LogFields = {}): void {
    if (LEVELS.info >= this.#min) this.#log.info({ ...fields }, message);
  }
  warn(message: string, fields: LogFields = {}): void {
    if (LEVELS.warn >= this.#min) this.#log.warn({ ...fields }, message);
  }
  error(message: string, fields: LogFields = {}): void {
    this.#log.error({ ...fields }, message);
  }

  async flush(): Promise<void> {
    await (this.#log as unknown as { flush?: () => Promise<void> }).flush?.();
  }
}
