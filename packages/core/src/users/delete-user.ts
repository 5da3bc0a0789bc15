import { AccessPolicy } from '../kernel/access-policy.js';
import type { ConcurrencyConflict, IdempotencyError, Unauthenticated } from '../kernel/errors.js';
import { isUuid } from '../kernel/ids.js';
import type { RequestContext } from '../kernel/request-context.js';
import { err, ok, type Result } from '../kernel/result.js';
import { retryOnConflict } from '../kernel/retry-on-conflict.js';
import type { SessionVersions } from './session-versions.js';
import { UserErrors, type UserHasPaymentInProgress, type UserNotFound } from './user-errors.js';
import type { UsersUnitOfWork } from './users-transaction.js';

export type DeleteUserError = Unauthenticated | UserNotFound | UserHasPaymentInProgress | ConcurrencyConflict | IdempotencyError;

/**
 * Deletes a user and, in the same transaction, what other contexts hold for them (their invoices);
 * `user.deleted` lists the invoices. Refused while a payment of theirs is being processed. The
 * user's sessions go with them, and their access tokens are refused from the moment it commits.
 */
export class DeleteUser {
  constructor(private readonly deps: { readonly uow: UsersUnitOfWork; readonly sessions: SessionVersions }) {}

  async execute(input: { readonly id: string }, ctx: RequestContext): Promise<Result<void, DeleteUserError>> {
    const actor = AccessPolicy.requireAuthenticated(ctx.principal);
    if (actor.isErr()) return err(actor.error);
    // A malformed id names no user; saying so here keeps it away from the store.
    if (!isUuid(input.id) || !AccessPolicy.mayActOnUser(actor.value, input.id)) return err(UserErrors.notFound(input.id));

    const deleted = await retryOnConflict(() =>
      this.deps.uow.transaction(async (tx): Promise<Result<void, DeleteUserError>> => {
        const user = await tx.users.findById(input.id);
        if (!user) return err(UserErrors.notFound(input.id));
        const erased = await tx.userErasure.erase(user.id);
        if (erased.isErr()) return err(erased.error);
        user.delete(erased.value.invoiceIds);
        const removed = await tx.users.remove(user);
        return removed.isErr() ? err(removed.error) : ok(undefined);
      }, ctx),
    );
    if (deleted.isOk()) this.deps.sessions.forget(input.id);
    return deleted;
  }
}
