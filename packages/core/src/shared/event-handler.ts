import type { Result } from './result.js';
import type { EventEnvelope } from './domain-event.js';
import type { DomainError } from './domain-error.js';

/** How often the broker has delivered this message, so a handler can tell the last try. */
export interface Delivery {
  readonly attempt: number;
  readonly maxAttempts: number;
}

/** `duplicate`: the inbox had it already; `ignored`: nothing to do in the current state. */
export type HandleOutcome = 'handled' | 'duplicate' | 'ignored';

/**
 * A consumer of events. `Ok` means the message may be deleted; `Err` leaves it for redelivery.
 */
export interface EventHandler {
  /** Unique per consumer: the inbox key and the queue name derive from it. */
  readonly consumer: string;
  readonly eventTypes: readonly string[];
  handle(event: EventEnvelope, delivery: Delivery): Promise<Result<HandleOutcome, DomainError>>;
}
