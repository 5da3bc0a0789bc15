/** How one SQS consumer receives and holds messages. */
export interface ConsumerSettings {
  /**
   * Most messages of this queue handled at once by this process (1–1000). Receive loops keep this many
   * in flight; each message frees its place as soon as its own handling ends, so one slow message
   * holds one place, not a batch. It bounds the database connections asked for at once too (see the
   * README on sizing it against the pool).
   */
  readonly concurrency: number;
  /** Most messages per receive, 1–10 (fewer when fewer places are free). */
  readonly batchSize: number;
  /** Long-poll wait, 0–20 s. */
  readonly waitTimeSeconds: number;
  /** How long a received message stays hidden from other consumers, 1–43200 s. */
  readonly visibilityTimeoutSeconds: number;
  /** How often visibility is extended while a handler still runs; must be shorter than the visibility timeout. */
  readonly heartbeatIntervalSeconds: number;
  /** On stop, how long in-flight messages may take to finish (and be deleted). */
  readonly stopTimeoutMs: number;
  /**
   * Receive loops per queue (1–16), sharing its `concurrency`. One loop refills ten places per round
   * trip; more help where a receive's round trip is long (SQS across regions). Default 1.
   */
  readonly pollers?: number;
}

export const DEFAULT_CONSUMER_SETTINGS: ConsumerSettings = {
  concurrency: 20,
  batchSize: 10,
  waitTimeSeconds: 10,
  visibilityTimeoutSeconds: 30,
  heartbeatIntervalSeconds: 10,
  stopTimeoutMs: 25_000,
};

export class ConsumerSettingsError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid SQS consumer settings: ${problems.join('; ')}`);
    this.name = 'ConsumerSettingsError';
  }
}

const isInt = (n: number, min: number, max: number): boolean => Number.isInteger(n) && n >= min && n <= max;

/** Checks the settings at start and names every field that is wrong. */
export function validateConsumerSettings(settings: ConsumerSettings): ConsumerSettings {
  const problems: string[] = [];
  if (!isInt(settings.concurrency, 1, 1_000))
    problems.push(`concurrency must be a whole number from 1 to 1000 (got ${settings.concurrency})`);
  if (!isInt(settings.batchSize, 1, 10)) problems.push(`batchSize must be a whole number from 1 to 10 (got ${settings.batchSize})`);
  if (!isInt(settings.waitTimeSeconds, 0, 20))
    problems.push(`waitTimeSeconds must be a whole number from 0 to 20 (got ${settings.waitTimeSeconds})`);
  if (!isInt(settings.visibilityTimeoutSeconds, 1, 43_200)) {
    problems.push(`visibilityTimeoutSeconds must be a whole number from 1 to 43200 (got ${settings.visibilityTimeoutSeconds})`);
  }
  if (!isInt(settings.heartbeatIntervalSeconds, 1, 43_199)) {
    problems.push(`heartbeatIntervalSeconds must be a whole number ≥ 1 (got ${settings.heartbeatIntervalSeconds})`);
  } else if (settings.heartbeatIntervalSeconds >= settings.visibilityTimeoutSeconds) {
    problems.push(
      `heartbeatIntervalSeconds (${settings.heartbeatIntervalSeconds}) must be shorter than visibilityTimeoutSeconds (${settings.visibilityTimeoutSeconds}), or messages reappear while still being handled`,
    );
  }
  if (settings.pollers !== undefined && !isInt(settings.pollers, 1, 16))
    problems.push(`pollers must be a whole number from 1 to 16 (got ${settings.pollers})`);
  if (!isInt(settings.stopTimeoutMs, 0, 15 * 60_000))
    problems.push(`stopTimeoutMs must be a whole number from 0 to 900000 (got ${settings.stopTimeoutMs})`);
  if (problems.length > 0) throw new ConsumerSettingsError(problems);
  return settings;
}
