import type { RecordedEvent } from './domain-event.js';

/**
 * An aggregate records what happened to it; the unit of work pulls those events on commit and
 * appends them to the outbox in the same transaction. No use case publishes directly.
 */
export abstract class AggregateRoot<TEvent extends RecordedEvent = RecordedEvent> {
  #events: TEvent[] = [];
  #version: number;

  protected constructor(version: number) {
    this.#version = version;
  }

  abstract get id(): string;

  /** The version that was last read from or written to storage (optimistic concurrency). */
  get version(): number {
    return this.#version;
  }

  protected record(event: TEvent): void {
    this.#events.push(event);
  }

  /** Hands over the recorded events exactly once. */
  pullEvents(): TEvent[] {
    const events = this.#events;
    this.#events = [];
    return events;
  }

  get hasPendingEvents(): boolean {
    return this.#events.length > 0;
  }

  /** Called by a repository after it wrote the aggregate with `version + 1`. */
  markSaved(): void {
    this.#version += 1;
  }
}
