/**
 * The current session version of each user, asked on every authenticated request. Whatever answers
 * must see a change at once: `forget` is called by the use cases right after their transaction
 * commits, and by an adapter listening for changes made by other instances.
 */
export interface SessionVersions {
  /** The user's current session version; null when there is no such user (deleted). */
  current(userId: string): Promise<number | null>;
  /** The user's sessions changed: the next question reads the version afresh. */
  forget(userId: string): void;
  /** Changes may have been missed (e.g. the change feed reconnected): forget everything. */
  forgetAll(): void;
}
