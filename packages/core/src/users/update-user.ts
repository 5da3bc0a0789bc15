import { AccessPolicy } from '../shared/access-policy.js';
import type { Clock } from '../shared/clock.js';
import {
  DomainErrors,
  type ConcurrencyConflict,
  type Unauthenticated,
  type UserEmailTaken,
  type UserNotFound,
  type ValidationFailed,
  type VersionMismatch,
} from '../shared/domain-error.js';
import { Email } from '../shared/email.js';
import { isUuid } from '../shared/ids.js';
import type { RequestContext } from '../shared/request-context.js';
import { err, ok, type Result } from '../shared/result.js';
import { retryOnConflict } from '../shared/retry-on-conflict.js';
import type { UnitOfWork } from '../shared/unit-of-work.js';
import { optionalField, validateFields } from '../shared/validation.js';
import { parseAge, parseName, type UserView } from './user.js';

export interface UpdateUserInput {
  readonly id: string;
  readonly name?: string;
  /** `null` clears the age. */
  readonly age?: number | null;
  readonly email?: string;
  /** When given (HTTP `If-Match`), the update applies only to this version. */
  readonly expectedVersion?: number;
}

export type UpdateUserError = Unauthenticated | UserNotFound | ValidationFailed | UserEmailTaken | VersionMismatch | ConcurrencyConflict;

/**
 * Changes name, age or email. Records `user.updated` with the diff, and nothing when nothing
 * changed. Without an expected version a concurrent write makes the update re-read and re-apply,
 * so neither writer's change is lost; with one, a stale version is `VersionMismatch`.
 */
export class UpdateUser {
  constructor(private readonly deps: { readonly uow: UnitOfWork; readonly clock: Clock }) {}

  async execute(input: UpdateUserInput, ctx: RequestContext): Promise<Result<UserView, UpdateUserError>> {
    const actor = AccessPolicy.requireAuthenticated(ctx.principal);
    if (actor.isErr()) return err(actor.error);
    // A malformed id names no user; saying so here keeps it away from the store.
    if (!isUuid(input.id) || !AccessPolicy.mayActOnUser(actor.value, input.id)) {
      return err(DomainErrors.userNotFound(input.id));
    }

    const fields = validateFields({
      name: optionalField(input.name, parseName),
      age: optionalField(input.age, parseAge),
      email: optionalField(input.email, (value: string) => Email.parse(value)),
    });
    if (fields.isErr()) return err(fields.error);
    const update = fields.value;

    const attempt = (): Promise<Result<UserView, UpdateUserError>> =>
      this.deps.uow.transaction(
        async (tx) => {
          const user = await tx.users.findById(input.id);
          if (!user) return err(DomainErrors.userNotFound(input.id));
          if (input.expectedVersion !== undefined && input.expectedVersion !== user.version) {
            return err(DomainErrors.versionMismatch(input.expectedVersion, user.version));
          }
          if (update.email && update.email.value !== user.email) {
            const holder = await tx.users.findByEmail(update.email.value);
            if (holder && holder.id !== user.id) return err(DomainErrors.userEmailTaken());
          }
          if (!user.update(update, this.deps.clock.now())) return ok(user.toView());

          const saved = await tx.users.save(user);
          if (saved.isErr()) {
            const error = saved.error;
            return input.expectedVersion !== undefined && error.code === 'CONCURRENCY_CONFLICT'
              ? err(DomainErrors.versionMismatch(input.expectedVersion, user.version + 1))
              : err(error);
          }
          return ok(user.toView());
        },
        { correlationId: ctx.correlationId },
      );

    return retryOnConflict(attempt);
  }
}
