import { AccessPolicy } from '../shared/access-policy.js';
import type { Forbidden, Unauthenticated, ValidationFailed } from '../shared/domain-error.js';
import { mapPage, parsePageRequest, type Page } from '../shared/paging.js';
import type { RequestContext } from '../shared/request-context.js';
import { err, ok, type Result } from '../shared/result.js';
import type { UnitOfWork } from '../shared/unit-of-work.js';
import type { UserView } from './user.js';

/** Admins only: every user, newest first, with the total count. */
export class ListUsers {
  constructor(private readonly deps: { readonly uow: UnitOfWork }) {}

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
