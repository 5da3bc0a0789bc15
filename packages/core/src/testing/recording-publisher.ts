import type { MessagePublisher, OutboxMessage, PublishOutcome } from '../messaging/outbox.js';

/** A broker that keeps what it is given, and can refuse chosen messages or whole calls. */
export class RecordingPublisher implements MessagePublisher {
  readonly published: OutboxMessage[] = [];
  #failEventIds = new Set<string>();
  #failCalls = 0;

  /** The next `count` publish calls throw. */
  failCalls(count = 1): this {
    this.#failCalls += count;
    return this;
  }

  /** Messages carrying this event id are reported failed until `heal` is called. */
  failEvent(eventId: string): this {
    this.#failEventIds.add(eventId);
    return this;
  }

  heal(): this {
    this.#failEventIds.clear();
    this.#failCalls = 0;
    return this;
  }

  publish(messages: readonly OutboxMessage[]): Promise<PublishOutcome> {
    if (this.#failCalls > 0) {
      this.#failCalls -= 1;
      return Promise.reject(new Error('injected broker outage'));
    }
    const failed = messages
      .filter((m) => this.#failEventIds.has(m.envelope.event_id))
      .map((m) => ({ id: m.id, error: 'injected publish failure' }));
    const failedIds = new Set(failed.map((f) => f.id));
    this.published.push(...messages.filter((m) => !failedIds.has(m.id)));
    return Promise.resolve({ failed });
  }
}
