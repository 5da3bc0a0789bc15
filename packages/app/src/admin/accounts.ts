import { Principals, type HexabillUnitOfWork, type RequestContext, type UseCases } from '@hexabill/core';

/** What an operator's account command did, for its one line of output. */
export type AccountChange = 'created' | 'promoted' | 'already an admin' | 'password set';

const OPERATOR: RequestContext = { principal: Principals.system(), correlationId: 'operator' };

/** Thrown with a message for the operator: printed as it is, exit code 1. */
export class AccountCommandError extends Error {}

/**
 * The operator's account commands (`admin …` and `migrate latest` with FIRST_ADMIN_EMAIL), through
 * the core's use cases as the system principal: the same rules as over HTTP (password strength,
 * unique e-mail, sessions ended on a password change), no SQL of their own.
 */
export class OperatorAccounts {
  constructor(
    private readonly uow: HexabillUnitOfWork,
    private readonly useCases: UseCases,
  ) {}

  /** Creates an admin; refuses an e-mail already registered (use `promote`). */
  async create(email: string, password: string, name = 'Administrator'): Promise<AccountChange> {
    const created = await this.useCases.registerUser.execute({ email, name, password, role: 'admin' }, OPERATOR);
    if (created.isErr()) {
      if (created.error.code === 'USER_EMAIL_TAKEN')
        throw new AccountCommandError(`${email} is registered already: use \`admin promote ${email}\``);
      throw new AccountCommandError(describe(created.error));
    }
    return 'created';
  }

  /** Makes an existing user an admin. */
  async promote(email: string): Promise<AccountChange> {
    const user = await this.uow.read((repos) => repos.users.findByEmail(email.trim().toLowerCase()));
    if (!user) throw new AccountCommandError(`no user has the e-mail ${email}`);
    if (user.role === 'admin') return 'already an admin';
    const changed = await this.useCases.changeRole.execute({ id: user.id, role: 'admin' }, OPERATOR);
    if (changed.isErr()) throw new AccountCommandError(describe(changed.error));
    return 'promoted';
  }

  /** Sets a user's password; every session of theirs ends. */
  async resetPassword(email: string, password: string): Promise<AccountChange> {
    const set = await this.useCases.setPassword.execute({ email, password }, OPERATOR);
    if (set.isErr())
      throw new AccountCommandError(set.error.code === 'USER_NOT_FOUND' ? `no user has the e-mail ${email}` : describe(set.error));
    return 'password set';
  }

  /** Idempotent: the user exists as an admin afterwards. An existing user keeps their password. */
  async ensureAdmin(email: string, password: string): Promise<AccountChange> {
    const user = await this.uow.read((repos) => repos.users.findByEmail(email.trim().toLowerCase()));
    return user ? this.promote(email) : this.create(email, password);
  }
}

function describe(error: { code: string; message: string; issues?: readonly { path: string; message: string }[] }): string {
  const issues = error.issues?.map((issue) => `${issue.path} ${issue.message}`).join('; ');
  return issues ? `${error.message} (${issues})` : error.message;
}
