import type { AggregateRoot } from './aggregate-root.js';
import type { Clock } from './clock.js';
import { envelopeOf, type EventEnvelope } from './domain-event.js';
import type { IdGenerator } from './ids.js';
import type { TransactionOptions } from './unit-of-work.js';

/**
 * What a unit-of-work implementation uses to remember the aggregates its repositories touched,
 * and to turn their recorded events into envelopes at commit. Shared by every adapter so the
 * envelope is built the same way everywhere.
 */
export class AggregateTracker {
  readonly #seen = new Set<AggregateRoot>();

  track(aggregate: AggregateRoot): void {
    this.#seen.add(aggregate);
  }

  /** Pulls the events of every tracked aggregate, in the order they were recorded per aggregate. */
  collect(ids: IdGenerator, clock: Clock, options: TransactionOptions = {}): EventEnvelope[] {
    const occurredAt = clock.now();
    const correlationId = options.correlationId ?? ids.next();
    const causationId = options.causationId ?? null;
    const envelopes: EventEnvelope[] = [];
    for (const aggregate of this.#seen) {
      for (const event of aggregate.pullEvents()) {
        envelopes.push(envelopeOf(event, { eventId: ids.next(), occurredAt, correlationId, causationId }));
      }
    }
    this.#seen.clear();
    return envelopes;
  }
}
