import type { RecordedEvent } from './domain-event.js';
import type { EventGroup, EventTypeOf, PayloadOf } from './event-declaration.js';

/**
 * An aggregate records what happened to it; the unit of work pulls those events on commit and
 * appends them to the outbox in the same transaction. No use case publishes directly.
 * The version (optimistic concurrency) is kept here and only here.
 */
export abstract class AggregateRoot<G extends EventGroup> {
  #events: RecordedEvent[] = [];
  #version: number;

  protected constructor(
    private readonly events: G,
    version: number,
  ) {
    this.#version = version;
  }

  abstract get id(): string;

  /** The version last read from or written to storage. */
  get version(): number {
    return this.#version;
  }

  /** Records an event declared in this aggregate's group; envelope fields come from the declaration. */
  protected raise<T extends EventTypeOf<G>>(type: T, payload: PayloadOf<G, T>): void {
    const declaration = this.events.declarations[type];
    if (!declaration) throw new Error(`event ${type} is not declared for ${this.events.aggregateType}`);
    this.#events.push({
      event_type: type,
      event_version: declaration.version,
      aggregate_type: this.events.aggregateType,
      aggregate_id: this.id,
      payload,
    });
  }

  /** Hands over the recorded events exactly once. */
  pullEvents(): RecordedEvent[] {
    const events = this.#events;
    this.#events = [];
    return events;
  }

  get hasPendingEvents(): boolean {
    return this.#events.length > 0;
  }

  /** Called by a repository after it wrote the aggregate as `version + 1`. */
  markSaved(): void {
    this.#version += 1;
  }
}
