import type { UnitOfWork } from '../kernel/unit-of-work.js';
import type { SessionVersions } from './session-versions.js';
import type { UsersReads } from './users-transaction.js';

export interface SessionVersionCacheOptions {
  /** Most users remembered; the oldest entry goes first. */
  readonly maxEntries?: number;
  /**
   * How long an answer is trusted without a change notice. A safety net only: changes are
   * forgotten at once, here and (through the adapter's change feed) on every other instance.
   */
  readonly maxAgeMs?: number;
  readonly now?: () => number;
}

interface Entry {
  readonly version: number | null;
  readonly at: number;
}

/**
 * `SessionVersions` for the request path: an in-process map in front of one indexed read, so
 * checking that an access token is still current costs a map lookup on a hit. A read that started
 * before a `forget` is not cached (it may hold the old version), so a request racing a password
 * change can never put the old version back.
 */
export class SessionVersionCache implements SessionVersions {
  readonly #entries = new Map<string, Entry>();
  readonly #maxEntries: number;
  readonly #maxAgeMs: number;
  readonly #now: () => number;
  /** Bumped by every forget: a read that began in an older generation is answered, not kept. */
  #generation = 0;

  constructor(
    private readonly uow: UnitOfWork<unknown, UsersReads>,
    options: SessionVersionCacheOptions = {},
  ) {
    this.#maxEntries = options.maxEntries ?? 100_000;
    this.#maxAgeMs = options.maxAgeMs ?? 60_000;
    this.#now = options.now ?? (() => Date.now());
  }

  async current(userId: string): Promise<number | null> {
    const now = this.#now();
    const cached = this.#entries.get(userId);
    if (cached && now - cached.at < this.#maxAgeMs) return cached.version;

    const generation = this.#generation;
    const version = await this.uow.read((repos) => repos.users.sessionVersionOf(userId));
    if (generation === this.#generation) {
      this.#entries.delete(userId);
      if (this.#entries.size >= this.#maxEntries) {
        const oldest = this.#entries.keys().next();
        if (!oldest.done) this.#entries.delete(oldest.value);
      }
      this.#entries.set(userId, { version, at: now });
    }
    return version;
  }

  forget(userId: string): void {
    this.#generation += 1;
    this.#entries.delete(userId);
  }

  forgetAll(): void {
    this.#generation += 1;
    this.#entries.clear();
  }

  /** How many users are remembered (for tests and metrics). */
  get size(): number {
    return this.#entries.size;
  }
}
