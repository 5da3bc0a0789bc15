import { AccessPolicy } from '../shared/access-policy.js';
import type { Clock } from '../shared/clock.js';
import { DomainErrors, type Forbidden, type UserEmailTaken, type ValidationFailed } from '../shared/domain-error.js';
import { Email } from '../shared/email.js';
import type { IdGenerator } from '../shared/ids.js';
import type { PasswordHasher } from '../shared/password-hasher.js';
import type { Role } from '../shared/principal.js';
import type { RequestContext } from '../shared/request-context.js';
import { err, type Result } from '../shared/result.js';
import type { UnitOfWork } from '../shared/unit-of-work.js';
import { optionalField, validateFields } from '../shared/validation.js';
import { parseAge, parseName, parsePassword, User, type UserView } from './user.js';

export interface RegisterUserInput {
  readonly email: string;
  readonly name: string;
  readonly age?: number | null;
  readonly password: string;
  /** Only an admin or the system may choose a role; everyone else registers as `user`. */
  readonly role?: Role;
}

export type RegisterUserError = ValidationFailed | UserEmailTaken | Forbidden;

export class RegisterUser {
  constructor(
    private readonly deps: {
      readonly uow: UnitOfWork;
      readonly hasher: PasswordHasher;
      readonly ids: IdGenerator;
      readonly clock: Clock;
    },
  ) {}

  async execute(input: RegisterUserInput, ctx: RequestContext): Promise<Result<UserView, RegisterUserError>> {
    if (input.role !== undefined && input.role !== 'user' && !AccessPolicy.isPrivileged(ctx.principal)) {
      return err(DomainErrors.forbidden());
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

    return this.deps.uow.transaction(
      async (tx) => {
        // The pre-check gives a clean answer in the common case; the store's unique constraint
        // decides races and is reported as the same error.
        if (await tx.users.findByEmail(email.value)) return err(DomainErrors.userEmailTaken());
        const added = await tx.users.add(user);
        return added.map(() => user.toView());
      },
      { correlationId: ctx.correlationId },
    );
  }
}
