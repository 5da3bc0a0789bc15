import { AccessPolicy } from '../kernel/access-policy.js';
import type { Clock } from '../kernel/clock.js';
import { KernelErrors, type ConcurrencyConflict, type Unauthenticated } from '../kernel/errors.js';
import type { RequestContext } from '../kernel/request-context.js';
import { err, ok, type Result } from '../kernel/result.js';
import { retryOnConflict } from '../kernel/retry-on-conflict.js';
import type { SessionVersions } from './session-versions.js';
import type { UsersUnitOfWork } from './users-transaction.js';

/** Ends every session of the caller: all refresh tokens revoked, all access tokens refused from now on. */
export class SignOutEverywhere {
  constructor(private readonly deps: { readonly uow: UsersUnitOfWork; readonly clock: Clock; readonly sessions: SessionVersions }) {}

  async execute(_input: Record<string, never>, ctx: RequestContext): Promise<Result<void, Unauthenticated | ConcurrencyConflict>> {
    const actor = AccessPolicy.requireAuthenticated(ctx.principal);
    if (actor.isErr()) return err(actor.error);
    const principal = actor.value;
    // Only a user has sessions; the system principal has nothing to end.
    if (principal.kind !== 'user') return err(KernelErrors.unauthenticated());
    const options = ctx.correlationId === undefined ? {} : { correlationId: ctx.correlationId };

    const done = await retryOnConflict(() =>
      this.deps.uow.transaction(async (tx): Promise<Result<void, Unauthenticated | ConcurrencyConflict>> => {
        const user = await tx.users.findById(principal.id);
        if (!user) return err(KernelErrors.unauthenticated());
        user.signOutEverywhere();
        const saved = await tx.users.save(user);
        // The email is unchanged, so a concurrent write is the only way the save can fail.
        if (saved.isErr()) return err(KernelErrors.concurrencyConflict('User', user.id));
        await tx.refreshTokens.revokeAllOf(user.id, this.deps.clock.now());
        return ok(undefined);
      }, options),
    );
    if (done.isOk()) this.deps.sessions.forget(principal.id);
    return done;
  }
}
