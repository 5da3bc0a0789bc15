import { AccessPolicy } from '../kernel/access-policy.js';
import type { Clock } from '../kernel/clock.js';
import { Email } from '../kernel/email.js';
import {
  KernelErrors,
  type ConcurrencyConflict,
  type IdempotencyError,
  type Unauthenticated,
  type ValidationFailed,
  type VersionMismatch,
} from '../kernel/errors.js';
import { isUuid } from '../kernel/ids.js';
import type { RequestContext } from '../kernel/request-context.js';
import { err, ok, type Result } from '../kernel/result.js';
import { retryOnConflict } from '../kernel/retry-on-conflict.js';
import { optionalField, validateFields } from '../kernel/validation.js';
import { UserErrors, type UserEmailTaken, type UserNotFound } from './user-errors.js';
import { parseAge, parseName, type UserView } from './user.js';
import type { UsersUnitOfWork } from './users-transaction.js';

export interface UpdateUserInput {
  readonly id: string;
  readonly name?: string;
  /** `null` clears the age. */
  readonly age?: number | null;
  readonly email?: string;
  /** When given (HTTP `If-Match`), the update applies only to this version. */
  readonly expectedVersion?: number;
}

export type UpdateUserError =
  Unauthenticated | UserNotFound | ValidationFailed | UserEmailTaken | VersionMismatch | ConcurrencyConflict | IdempotencyError;

/**
 * Changes name, age or email. Records `user.updated` with the diff, and nothing when nothing
 * changed. Without an expected version a concurrent write makes the update re-read and re-apply,
 * so neither writer's change is lost; with one, a stale version is `VersionMismatch`.
 */
export class UpdateUser {
  constructor(private readonly deps: { readonly uow: UsersUnitOfWork; readonly clock: Clock }) {}

  async execute(input: UpdateUserInput, ctx: RequestContext): Promise<Result<UserView, UpdateUserError>> {
    const actor = AccessPolicy.requireAuthenticated(ctx.principal);
    if (actor.isErr()) return err(actor.error);
    // A malformed id names no user; saying so here keeps it away from the store.
    if (!isUuid(input.id) || !AccessPolicy.mayActOnUser(actor.value, input.id)) {
      return err(UserErrors.notFound(input.id));
    }

    const fields = validateFields({
      name: optionalField(input.name, parseName),
      age: optionalField(input.age, parseAge),
      email: optionalField(input.email, (value: string) => Email.parse(value)),
    });
    if (fields.isErr()) return err(fields.error);
    const update = fields.value;

    const attempt = (): Promise<Result<UserView, UpdateUserError>> =>
      this.deps.uow.transaction(async (tx) => {
        const user = await tx.users.findById(input.id);
        if (!user) return err(UserErrors.notFound(input.id));
        if (input.expectedVersion !== undefined && input.expectedVersion !== user.version) {
          return err(KernelErrors.versionMismatch(input.expectedVersion, user.version));
        }
        if (update.email && update.email.value !== user.email) {
          const holder = await tx.users.findByEmail(update.email.value);
          if (holder && holder.id !== user.id) return err(UserErrors.emailTaken());
        }
        if (!user.update(update, this.deps.clock.now())) return ok(user.toView());

        const saved = await tx.users.save(user);
        if (saved.isErr()) {
          const error = saved.error;
          return input.expectedVersion !== undefined && error.code === 'CONCURRENCY_CONFLICT'
            ? err(KernelErrors.versionMismatch(input.expectedVersion, user.version + 1))
            : err(error);
        }
        return ok(user.toView());
      }, ctx);

    return retryOnConflict(attempt);
  }
}
