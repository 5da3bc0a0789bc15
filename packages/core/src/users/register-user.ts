import { AccessPolicy } from '../kernel/access-policy.js';
import type { Clock } from '../kernel/clock.js';
import { Email } from '../kernel/email.js';
import { KernelErrors, type Forbidden, type IdempotencyError, type ValidationFailed } from '../kernel/errors.js';
import type { IdGenerator } from '../kernel/ids.js';
import type { Role } from '../kernel/principal.js';
import type { RequestContext } from '../kernel/request-context.js';
import { err, type Result } from '../kernel/result.js';
import { optionalField, validateFields } from '../kernel/validation.js';
import type { PasswordHasher } from './password-hasher.js';
import { UserErrors, type UserEmailTaken } from './user-errors.js';
import { parseAge, parseName, parsePassword, User, type UserView } from './user.js';
import type { UsersUnitOfWork } from './users-transaction.js';

export interface RegisterUserInput {
  readonly email: string;
  readonly name: string;
  readonly age?: number | null;
  readonly password: string;
  /** Only an admin or the system may choose a role; everyone else registers as `user`. */
  readonly role?: Role;
}

export type RegisterUserError = ValidationFailed | UserEmailTaken | Forbidden | IdempotencyError;

export class RegisterUser {
  constructor(
    private readonly deps: {
      readonly uow: UsersUnitOfWork;
      readonly hasher: PasswordHasher;
      readonly ids: IdGenerator;
      readonly clock: Clock;
    },
  ) {}

  async execute(input: RegisterUserInput, ctx: RequestContext): Promise<Result<UserView, RegisterUserError>> {
    if (input.role !== undefined && input.role !== 'user' && !AccessPolicy.isPrivileged(ctx.principal)) {
      return err(KernelErrors.forbidden());
    }
    const fields = validateFields({
      email: Email.parse(input.email),
      name: parseName(input.name),
      age: optionalField(input.age, parseAge),
      password: parsePassword(input.password),
    });
    if (fields.isErr()) return err(fields.error);
    const { email, name, age, password } = fields.value;

    // Hash outside the transaction: it is slow on purpose and needs no lock.
    const passwordHash = await this.deps.hasher.hash(password);
    const user = User.register({
      id: this.deps.ids.next(),
      email,
      name,
      age: age ?? null,
      role: input.role ?? 'user',
      passwordHash,
      now: this.deps.clock.now(),
    });

    return this.deps.uow.transaction(async (tx) => {
      // The pre-check gives a clean answer in the common case; the store's unique constraint
      // decides races and is reported as the same error.
      if (await tx.users.findByEmail(email.value)) return err(UserErrors.emailTaken());
      const added = await tx.users.add(user);
      return added.map(() => user.toView());
    }, ctx);
  }
}
