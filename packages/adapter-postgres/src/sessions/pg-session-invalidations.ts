import type { SessionVersions } from '@hexabill/core';
import type { PgNotificationListener } from '../outbox/pg-notification-listener.js';

/** The channel the `users` triggers notify, with the user id, when a session version changes or a user goes. */
export const SESSIONS_CHANNEL = 'hexabill_sessions';

/**
 * Keeps an instance's cached session versions true to changes made by any instance: the database
 * notifies `hexabill_sessions` with the user id at commit (a trigger on `users`), and this forgets
 * that user; after a reconnect, when notifications may have been lost, it forgets everyone.
 * (Changes made by this instance are forgotten by the use case itself, before this arrives.)
 */
export class PgSessionInvalidations {
  #unsubscribe: (() => void) | undefined;

  constructor(
    private readonly listener: PgNotificationListener,
    private readonly sessions: Pick<SessionVersions, 'forget' | 'forgetAll'>,
  ) {}

  /** Starts listening; resolves once the LISTEN is in place. */
  async start(): Promise<void> {
    this.#unsubscribe ??= this.listener.subscribe((userId) => {
      if (userId) this.sessions.forget(userId);
      else this.sessions.forgetAll();
    });
    await this.listener.ready();
  }

  stop(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
  }

  /** Stops and closes the listener's connection. */
  async close(): Promise<void> {
    this.stop();
    await this.listener.close();
  }
}
