import { AccessPolicy } from '../kernel/access-policy.js';
import type { Forbidden, Unauthenticated, ValidationFailed } from '../kernel/errors.js';
import { mapPage, parsePageRequest, type Page } from '../kernel/paging.js';
import type { RequestContext } from '../kernel/request-context.js';
import { err, ok, type Result } from '../kernel/result.js';
import type { UnitOfWork } from '../kernel/unit-of-work.js';
import type { UserView } from './user.js';
import type { UsersReads } from './users-transaction.js';

/** Admins only: every user, newest first. */
export class ListUsers {
  constructor(private readonly deps: { readonly uow: UnitOfWork<unknown, UsersReads> }) {}

  async execute(
    input: { readonly page?: number; readonly pageSize?: number },
    ctx: RequestContext,
  ): Promise<Result<Page<UserView>, Unauthenticated | Forbidden | ValidationFailed>> {
    const admin = AccessPolicy.requireAdmin(ctx.principal);
    if (admin.isErr()) return err(admin.error);
    const request = parsePageRequest(input);
    if (request.isErr()) return err(request.error);

    const page = await this.deps.uow.read((repos) => repos.users.list(request.value));
    return ok(mapPage(page, (user) => user.toView()));
  }
}
