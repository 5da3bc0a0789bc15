import { CreateInvoice } from './billing/create-invoice.js';
import { GetInvoice } from './billing/get-invoice.js';
import { ListInvoices } from './billing/list-invoices.js';
import { RequestInvoicePayment } from './billing/request-invoice-payment.js';
import type { Clock } from './shared/clock.js';
import type { IdGenerator } from './shared/ids.js';
import type { PasswordHasher } from './shared/password-hasher.js';
import type { TokenIssuer } from './shared/token-issuer.js';
import type { UnitOfWork } from './shared/unit-of-work.js';
import { AuthenticateUser } from './users/authenticate-user.js';
import { DeleteUser } from './users/delete-user.js';
import { GetUser } from './users/get-user.js';
import { ListUsers } from './users/list-users.js';
import { RegisterUser } from './users/register-user.js';
import { UpdateUser } from './users/update-user.js';

export interface UseCaseDependencies {
  readonly uow: UnitOfWork;
  readonly hasher: PasswordHasher;
  readonly tokens: TokenIssuer;
  readonly ids: IdGenerator;
  readonly clock: Clock;
}

/** Every use case an API exposes, wired to one set of ports. */
export interface UseCases {
  readonly registerUser: RegisterUser;
  readonly authenticateUser: AuthenticateUser;
  readonly getUser: GetUser;
  readonly listUsers: ListUsers;
  readonly updateUser: UpdateUser;
  readonly deleteUser: DeleteUser;
  readonly createInvoice: CreateInvoice;
  readonly getInvoice: GetInvoice;
  readonly listInvoices: ListInvoices;
  readonly requestInvoicePayment: RequestInvoicePayment;
}

export function createUseCases(deps: UseCaseDependencies): UseCases {
  return {
    registerUser: new RegisterUser(deps),
    authenticateUser: new AuthenticateUser(deps),
    getUser: new GetUser(deps),
    listUsers: new ListUsers(deps),
    updateUser: new UpdateUser(deps),
    deleteUser: new DeleteUser(deps),
    createInvoice: new CreateInvoice(deps),
    getInvoice: new GetInvoice(deps),
    listInvoices: new ListInvoices(deps),
    requestInvoicePayment: new RequestInvoicePayment(deps),
  };
}
