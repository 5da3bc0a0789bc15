import { err, ok, type Result } from './result.js';
import { KernelErrors, type Forbidden, type Unauthenticated } from './errors.js';
import type { Principal } from './principal.js';

export type Actor = Exclude<Principal, { kind: 'anonymous' }>;

/**
 * The access rules of SPEC.md in one place. "Not yours" is answered as "not found" by the use
 * cases (no existence leak); "not an admin" on an admin-only action is Forbidden.
 */
export const AccessPolicy = {
  isPrivileged(principal: Principal): boolean {
    return principal.kind === 'system' || (principal.kind === 'user' && principal.role === 'admin');
  },

  /** Self, an admin, or the system may act on a user (and on that user's invoices). */
  mayActOnUser(principal: Principal, userId: string): boolean {
    return AccessPolicy.isPrivileged(principal) || (principal.kind === 'user' && principal.id === userId);
  },

  requireAuthenticated(principal: Principal): Result<Actor, Unauthenticated> {
    return principal.kind === 'anonymous' ? err(KernelErrors.unauthenticated()) : ok(principal);
  },

  requireAdmin(principal: Principal): Result<Actor, Unauthenticated | Forbidden> {
    return AccessPolicy.requireAuthenticated(principal).andThen((actor) =>
      AccessPolicy.isPrivileged(actor) ? ok(actor) : err(KernelErrors.forbidden()),
    );
  },
} as const;
