import type { ConcurrencyConflict } from '../kernel/errors.js';
import type { Result } from '../kernel/result.js';
import type { PasswordReset } from './password-reset.js';

/** Port: password resets, bound to one transaction. `save` is optimistic, so a token is redeemed once however many requests race. */
export interface PasswordResetStore {
  findById(id: string): Promise<PasswordReset | null>;
  findByTokenDigest(digest: string): Promise<PasswordReset | null>;
  add(reset: PasswordReset): Promise<Result<void, never>>;
  /** Writes only if the stored version is still `reset.version`. */
  save(reset: PasswordReset): Promise<Result<void, ConcurrencyConflict>>;
  /** Makes every unredeemed reset of the user unusable (their password just changed). */
  discardPendingOf(userId: string, at: Date): Promise<void>;
}
