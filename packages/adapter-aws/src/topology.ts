import type { Subscription } from '@hexabill/core';

/**
 * The messaging topology as data: one topic, and per consumer a queue with a dead-letter queue
 * and a subscription filtered on `event_type`. Development provisioning and infrastructure as code
 * are both generated from this one definition.
 */
export interface TopologyDefinition {
  readonly topicName: string;
  readonly queues: readonly QueueDefinition[];
}

export interface QueueDefinition {
  readonly consumer: string;
  readonly queueName: string;
  readonly deadLetterQueueName: string;
  readonly eventTypes: readonly string[];
  /** Deliveries before a message moves to the dead-letter queue. */
  readonly maxReceiveCount: number;
  readonly visibilityTimeoutSeconds: number;
  /** How long the queue keeps a message nobody handled (SQS's default, 4 days). */
  readonly messageRetentionSeconds: number;
  /** How long the dead-letter queue keeps messages (the SQS maximum, 14 days, by default). */
  readonly deadLetterRetentionSeconds: number;
}

export interface TopologyOptions {
  /** Prefixes every name, so environments and parallel test runs never collide. */
  readonly prefix: string;
  readonly maxReceiveCount?: number;
  readonly visibilityTimeoutSeconds?: number;
}

export const DEFAULT_MAX_RECEIVE_COUNT = 5;
export const DEFAULT_VISIBILITY_TIMEOUT_SECONDS = 30;
const FOUR_DAYS = 4 * 24 * 60 * 60;
const FOURTEEN_DAYS = 14 * 24 * 60 * 60;
const NAME = /^[A-Za-z0-9_-]{1,80}$/;

function nameFor(prefix: string, consumer: string): string {
  return `${prefix}-${consumer.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

export function defineTopology(consumers: readonly Subscription[], options: TopologyOptions): TopologyDefinition {
  const maxReceiveCount = options.maxReceiveCount ?? DEFAULT_MAX_RECEIVE_COUNT;
  const visibilityTimeoutSeconds = options.visibilityTimeoutSeconds ?? DEFAULT_VISIBILITY_TIMEOUT_SECONDS;
  const topology: TopologyDefinition = {
    topicName: `${options.prefix}-events`,
    queues: consumers.map((c) => ({
      consumer: c.consumer,
      queueName: nameFor(options.prefix, c.consumer),
      deadLetterQueueName: `${nameFor(options.prefix, c.consumer)}-dlq`,
      eventTypes: [...c.eventTypes],
      maxReceiveCount,
      visibilityTimeoutSeconds,
      messageRetentionSeconds: FOUR_DAYS,
      deadLetterRetentionSeconds: FOURTEEN_DAYS,
    })),
  };
  const problems: string[] = [];
  if (!Number.isInteger(maxReceiveCount) || maxReceiveCount < 1 || maxReceiveCount > 1000) problems.push('maxReceiveCount must be 1–1000');
  if (!Number.isInteger(visibilityTimeoutSeconds) || visibilityTimeoutSeconds < 0 || visibilityTimeoutSeconds > 43_200) {
    problems.push('visibilityTimeoutSeconds must be 0–43200');
  }
  for (const name of [topology.topicName, ...topology.queues.flatMap((q) => [q.queueName, q.deadLetterQueueName])]) {
    if (!NAME.test(name)) problems.push(`"${name}" is not a valid SNS/SQS name (letters, digits, - and _, at most 80)`);
  }
  if (problems.length > 0) throw new Error(`Invalid messaging topology: ${problems.join('; ')}`);
  return topology;
}

/** The SNS subscription filter of a queue: only its event types reach it. */
export function filterPolicyOf(queue: QueueDefinition): { event_type: string[] } {
  return { event_type: [...queue.eventTypes] };
}

/**
 * How long after it was first sent a message can still be delivered: a standard queue keeps a
 * message's first enqueue time when it moves to the dead-letter queue, so it leaves the DLQ at most
 * its retention after it was sent; a redrive then enqueues it anew, for up to the queue's retention.
 * A consumer's inbox must remember a message at least this long to recognise every redelivery.
 */
export function longestDeliveryAgeSeconds(topology: TopologyDefinition): number {
  return Math.max(0, ...topology.queues.map((q) => q.deadLetterRetentionSeconds + q.messageRetentionSeconds));
}
