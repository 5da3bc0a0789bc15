import { longestDeliveryAgeSeconds, type TopologyDefinition } from '@hexabill/adapter-aws';
import type { Config } from './config-schema.js';
import { ConfigError } from './load-config.js';

const DAY_SECONDS = 24 * 3600;

/**
 * An inbox row is what recognises a redelivered message as a duplicate, so the inbox must keep it
 * longer than the queues can still deliver it (queue retention plus dead-letter retention). Checked
 * when the worker or the housekeeping command starts; the error names the variable to change.
 */
export function checkInboxRetention(config: Config, topology: TopologyDefinition): void {
  const longest = longestDeliveryAgeSeconds(topology);
  if (config.INBOX_RETENTION_DAYS * DAY_SECONDS > longest) return;
  throw new ConfigError([
    `INBOX_RETENTION_DAYS: must be longer than ${String(Math.ceil(longest / DAY_SECONDS))} days — a message can be delivered (redriven from its dead-letter queue) that long after it was sent, and the inbox must still recognise it as a duplicate`,
  ]);
}
