import type { EventEnvelope } from '../kernel/domain-event.js';

/** One event waiting in the outbox, as the relay sees it. */
export interface OutboxMessage {
  /** The outbox row's id: increases in write order. */
  readonly id: string;
  readonly envelope: EventEnvelope;
  /** How many times this row has been claimed, including the current claim. */
  readonly attempts: number;
  /**
   * Context-propagation headers stored with the event when it was written (W3C `traceparent` and
   * `tracestate` when tracing is on), for the publisher to pass on to the broker. Opaque to core.
   */
  readonly propagation?: Readonly<Record<string, string>>;
}

/**
 * Port: the relay's side of the outbox. (Use cases never see it: their unit of work appends.)
 */
export interface OutboxStore {
  /**
   * Claims up to `limit` due rows in write order for `leaseMs`. Never hands one row to two
   * relays at once, and never hands out a row while an earlier row of the same aggregate is
   * unpublished, so each aggregate's events are published in the order they were written.
   * A claim that is not marked published or failed before its lease ends is claimable again.
   */
  claimBatch(limit: number, leaseMs: number): Promise<OutboxMessage[]>;
  markPublished(ids: readonly string[]): Promise<void>;
  /** Releases the claim and makes the row due again at `retryAt`. */
  markFailed(id: string, error: string, retryAt: Date): Promise<void>;
  /** Calls `listener` when new rows may be waiting, so the relay need not poll tightly. */
  onAppended?(listener: () => void): () => void;
}

export interface PublishFailure {
  readonly id: string;
  readonly error: string;
}

export interface PublishOutcome {
  /** The messages that did not reach the broker; every other one did. */
  readonly failed: readonly PublishFailure[];
}

/** Port: hands events to the message broker (SNS in production). */
export interface MessagePublisher {
  publish(messages: readonly OutboxMessage[]): Promise<PublishOutcome>;
}
