import { AccessPolicy } from '../kernel/access-policy.js';
import type { Clock } from '../kernel/clock.js';
import { KernelErrors, type ConcurrencyConflict, type Unauthenticated } from '../kernel/errors.js';
import type { RequestContext } from '../kernel/request-context.js';
import { err, ok, type Result } from '../kernel/result.js';
import { retryOnConflict } from '../kernel/retry-on-conflict.js';
import type { OpaqueTokens } from './opaque-tokens.js';
import type { UsersUnitOfWork } from './users-transaction.js';

/**
 * Ends the session a refresh token belongs to: every token of its family is revoked. Only the
 * session's own user can end it; another user's token, an unknown one or one already revoked
 * changes nothing and gets the same answer, so the route tells nobody whose a token is.
 * Access tokens already issued in the session live out their short lifetime (sign out everywhere
 * cuts them at once).
 */
export class SignOut {
  constructor(private readonly deps: { readonly uow: UsersUnitOfWork; readonly opaqueTokens: OpaqueTokens; readonly clock: Clock }) {}

  async execute(
    input: { readonly refreshToken: string },
    ctx: RequestContext,
  ): Promise<Result<void, Unauthenticated | ConcurrencyConflict>> {
    const actor = AccessPolicy.requireAuthenticated(ctx.principal);
    if (actor.isErr()) return err(actor.error);
    const principal = actor.value;
    if (principal.kind !== 'user') return ok(undefined);
    const digest = await this.deps.opaqueTokens.digestOf(input.refreshToken);
    const options = ctx.correlationId === undefined ? {} : { correlationId: ctx.correlationId };

    return retryOnConflict(() =>
      this.deps.uow.transaction(async (tx): Promise<Result<void, ConcurrencyConflict>> => {
        const token = await tx.refreshTokens.findByDigest(digest);
        if (!token || token.userId !== principal.id || token.revokedAt) return ok(undefined);
        await tx.refreshTokens.revokeFamily(token.familyId, this.deps.clock.now());
        const user = await tx.users.findById(principal.id);
        if (!user) return ok(undefined);
        user.recordSignOut(token.familyId);
        const saved = await tx.users.save(user);
        // The email is unchanged, so a concurrent write is the only way the save can fail.
        return saved.isErr() ? err(KernelErrors.concurrencyConflict('User', user.id)) : ok(undefined);
      }, options),
    );
  }
}
