import { AccessPolicy } from '../kernel/access-policy.js';
import type { Unauthenticated } from '../kernel/errors.js';
import { isUuid } from '../kernel/ids.js';
import type { RequestContext } from '../kernel/request-context.js';
import { err, ok, type Result } from '../kernel/result.js';
import type { UnitOfWork } from '../kernel/unit-of-work.js';
import { UserErrors, type UserNotFound } from './user-errors.js';
import type { UserView } from './user.js';
import type { UsersReads } from './users-transaction.js';

/** Self, an admin or the system may read a user; to anyone else the user does not exist. */
export class GetUser {
  constructor(private readonly deps: { readonly uow: UnitOfWork<unknown, UsersReads> }) {}

  async execute(input: { readonly id: string }, ctx: RequestContext): Promise<Result<UserView, Unauthenticated | UserNotFound>> {
    const actor = AccessPolicy.requireAuthenticated(ctx.principal);
    if (actor.isErr()) return err(actor.error);
    // A malformed id names no user; saying so here keeps it away from the store.
    if (!isUuid(input.id) || !AccessPolicy.mayActOnUser(actor.value, input.id)) return err(UserErrors.notFound(input.id));

    const user = await this.deps.uow.read((repos) => repos.users.findById(input.id));
    return user ? ok(user.toView()) : err(UserErrors.notFound(input.id));
  }
}
