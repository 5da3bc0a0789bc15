import { AccessPolicy } from '../kernel/access-policy.js';
import type { Clock } from '../kernel/clock.js';
import { KernelErrors, type ConcurrencyConflict, type Forbidden, type Unauthenticated, type ValidationFailed } from '../kernel/errors.js';
import { isUuid } from '../kernel/ids.js';
import { ROLES, type Role } from '../kernel/principal.js';
import type { RequestContext } from '../kernel/request-context.js';
import { err, ok, type Result } from '../kernel/result.js';
import { retryOnConflict } from '../kernel/retry-on-conflict.js';
import type { SessionVersions } from './session-versions.js';
import { UserErrors, type UserLastAdmin, type UserNotFound } from './user-errors.js';
import type { UserView } from './user.js';
import type { UsersUnitOfWork } from './users-transaction.js';

export type ChangeRoleError = Unauthenticated | Forbidden | ValidationFailed | UserNotFound | UserLastAdmin | ConcurrencyConflict;

/**
 * An admin (or the system) gives a user another role. The user's access tokens, which name the
 * old role, are refused from now on; their sessions stay, and the next refresh carries the new
 * role. The last admin cannot lose the role, however many admins demote each other at once.
 */
export class ChangeRole {
  constructor(private readonly deps: { readonly uow: UsersUnitOfWork; readonly clock: Clock; readonly sessions: SessionVersions }) {}

  async execute(input: { readonly id: string; readonly role: string }, ctx: RequestContext): Promise<Result<UserView, ChangeRoleError>> {
    const admin = AccessPolicy.requireAdmin(ctx.principal);
    if (admin.isErr()) return err(admin.error);
    if (!(ROLES as readonly string[]).includes(input.role)) {
      return err(KernelErrors.validation([{ path: 'role', message: `must be one of ${ROLES.join(', ')}` }]));
    }
    const role = input.role as Role;
    if (!isUuid(input.id)) return err(UserErrors.notFound(input.id));
    const options = ctx.correlationId === undefined ? {} : { correlationId: ctx.correlationId };

    const result = await retryOnConflict(() =>
      this.deps.uow.transaction(async (tx): Promise<Result<{ view: UserView; changed: boolean }, ChangeRoleError>> => {
        const user = await tx.users.findById(input.id);
        if (!user) return err(UserErrors.notFound(input.id));
        if (user.role === 'admin' && role !== 'admin') {
          const admins = await tx.users.lockAdminIds();
          if (admins.filter((id) => id !== user.id).length === 0) return err(UserErrors.lastAdmin());
        }
        if (!user.changeRole(role, this.deps.clock.now())) return ok({ view: user.toView(), changed: false });
        const saved = await tx.users.save(user);
        // The email is unchanged, so a concurrent write is the only way the save can fail.
        if (saved.isErr()) return err(KernelErrors.concurrencyConflict('User', user.id));
        return ok({ view: user.toView(), changed: true });
      }, options),
    );
    if (result.isErr()) return err(result.error);
    if (result.value.changed) this.deps.sessions.forget(input.id);
    return ok(result.value.view);
  }
}
