import { AccessPolicy } from '../kernel/access-policy.js';
import type { Forbidden, Unauthenticated, ValidationFailed } from '../kernel/errors.js';
import { listFrom, parseListRequest, type ListInput, type Listing } from '../kernel/paging.js';
import type { RequestContext } from '../kernel/request-context.js';
import { err, ok, type Result } from '../kernel/result.js';
import type { UnitOfWork } from '../kernel/unit-of-work.js';
import type { UserView } from './user.js';
import type { UsersReads } from './users-transaction.js';

/** Admins only: every user, newest first. */
export class ListUsers {
  constructor(private readonly deps: { readonly uow: UnitOfWork<unknown, UsersReads> }) {}

  async execute(input: ListInput, ctx: RequestContext): Promise<Result<Listing<UserView>, Unauthenticated | Forbidden | ValidationFailed>> {
    const admin = AccessPolicy.requireAdmin(ctx.principal);
    if (admin.isErr()) return err(admin.error);
    const request = parseListRequest(input);
    if (request.isErr()) return err(request.error);

    return ok(
      await this.deps.uow.read(({ users }) =>
        listFrom({ page: (r) => users.page(r), slice: (r) => users.slice(r), count: () => users.count() }, request.value, (user) =>
          user.toView(),
        ),
      ),
    );
  }
}
