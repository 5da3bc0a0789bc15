import type { EventEnvelope } from '../kernel/domain-event.js';
import type { Failure } from '../kernel/errors.js';
import type { Result } from '../kernel/result.js';

/** How often the broker has delivered this message, so a handler can tell the last try. */
export interface Delivery {
  readonly attempt: number;
  readonly maxAttempts: number;
}

/** `duplicate`: the inbox had it already; `ignored`: nothing to do in the current state. */
export type HandleOutcome = 'handled' | 'duplicate' | 'ignored';

/**
 * A consumer as data: its name (its queue and its inbox key derive from it) and the event types it
 * subscribes to. The messaging topology — development and infrastructure-as-code alike — is built
 * from the subscriptions; the consumer adapter hands a handler only the types listed here.
 */
export interface Subscription<TType extends string = string> {
  readonly consumer: string;
  readonly eventTypes: readonly TType[];
}

/**
 * A consumer of events. It receives envelopes already validated against the event catalogue, of
 * the types its subscription lists. `Ok` means the message may be deleted; `Err` leaves it for
 * redelivery.
 */
export interface EventHandler<E extends EventEnvelope = EventEnvelope> {
  readonly subscription: Subscription<E['event_type']>;
  handle(event: E, delivery: Delivery): Promise<Result<HandleOutcome, Failure<string>>>;
}
