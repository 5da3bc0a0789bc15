import { AccessPolicy } from '../shared/access-policy.js';
import { DomainErrors, type ConcurrencyConflict, type Unauthenticated, type UserNotFound } from '../shared/domain-error.js';
import { isUuid } from '../shared/ids.js';
import type { RequestContext } from '../shared/request-context.js';
import { err, ok, type Result } from '../shared/result.js';
import { retryOnConflict } from '../shared/retry-on-conflict.js';
import type { UnitOfWork } from '../shared/unit-of-work.js';

export type DeleteUserError = Unauthenticated | UserNotFound | ConcurrencyConflict;

/** Deletes a user and, in the same transaction, their invoices; `user.deleted` lists the invoices. */
export class DeleteUser {
  constructor(private readonly deps: { readonly uow: UnitOfWork }) {}

  async execute(input: { readonly id: string }, ctx: RequestContext): Promise<Result<void, DeleteUserError>> {
    const actor = AccessPolicy.requireAuthenticated(ctx.principal);
    if (actor.isErr()) return err(actor.error);
    // A malformed id names no user; saying so here keeps it away from the store.
    if (!isUuid(input.id) || !AccessPolicy.mayActOnUser(actor.value, input.id)) {
      return err(DomainErrors.userNotFound(input.id));
    }

    return retryOnConflict(() =>
      this.deps.uow.transaction(
        async (tx): Promise<Result<void, DeleteUserError>> => {
          const user = await tx.users.findById(input.id);
          if (!user) return err(DomainErrors.userNotFound(input.id));
          const invoiceIds = await tx.invoices.removeAllForUser(user.id);
          user.delete(invoiceIds);
          const removed = await tx.users.remove(user);
          return removed.isErr() ? err(removed.error) : ok(undefined);
        },
        { correlationId: ctx.correlationId },
      ),
    );
  }
}
