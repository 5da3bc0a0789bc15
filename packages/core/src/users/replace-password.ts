import { KernelErrors, type ConcurrencyConflict } from '../kernel/errors.js';
import { err, ok, type Result } from '../kernel/result.js';
import type { User } from './user.js';
import type { UsersTransaction } from './users-transaction.js';

/**
 * Gives `user` a new password hash within `tx`, as every way of changing a password must: the
 * user's sessions end (all of them, or all but `keptSession`, the caller's own), pending reset links
 * die, and the session version moves on so earlier access tokens are refused.
 */
export async function replacePassword(
  tx: UsersTransaction,
  user: User,
  change: { readonly hash: string; readonly reason: 'changed' | 'reset'; readonly now: Date; readonly keptSession?: string },
): Promise<Result<void, ConcurrencyConflict>> {
  user.changePassword(change.hash, change.reason, change.now);
  const saved = await tx.users.save(user);
  // The email is unchanged, so a concurrent write is the only way the save can fail.
  if (saved.isErr()) return err(KernelErrors.concurrencyConflict('User', user.id));
  await tx.refreshTokens.revokeAllOf(user.id, change.now, change.keptSession);
  await tx.passwordResets.discardPendingOf(user.id, change.now);
  return ok(undefined);
}
