import { AccessPolicy } from '../shared/access-policy.js';
import { DomainErrors, type Unauthenticated, type UserNotFound } from '../shared/domain-error.js';
import { isUuid } from '../shared/ids.js';
import type { RequestContext } from '../shared/request-context.js';
import { err, ok, type Result } from '../shared/result.js';
import type { UnitOfWork } from '../shared/unit-of-work.js';
import type { UserView } from './user.js';

/** Self, an admin or the system may read a user; to anyone else the user does not exist. */
export class GetUser {
  constructor(private readonly deps: { readonly uow: UnitOfWork }) {}

  async execute(input: { readonly id: string }, ctx: RequestContext): Promise<Result<UserView, Unauthenticated | UserNotFound>> {
    const actor = AccessPolicy.requireAuthenticated(ctx.principal);
    if (actor.isErr()) return err(actor.error);
    // A malformed id names no user; saying so here keeps it away from the store.
    if (!isUuid(input.id) || !AccessPolicy.mayActOnUser(actor.value, input.id)) {
      return err(DomainErrors.userNotFound(input.id));
    }

    const user = await this.deps.uow.read((repos) => repos.users.findById(input.id));
    return user ? ok(user.toView()) : err(DomainErrors.userNotFound(input.id));
  }
}
