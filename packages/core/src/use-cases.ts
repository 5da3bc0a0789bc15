import { CreateInvoice } from './billing/create-invoice.js';
import { GetInvoice } from './billing/get-invoice.js';
import { ListInvoices } from './billing/list-invoices.js';
import type { PaymentGateway } from './billing/payment-gateway.js';
import type { PaymentTimings } from './billing/payment-reconciliation.js';
import { RequestInvoicePayment } from './billing/request-invoice-payment.js';
import type { Clock } from './kernel/clock.js';
import type { IdGenerator } from './kernel/ids.js';
import type { Logger } from './kernel/logger.js';
import type { HexabillUnitOfWork } from './transaction.js';
import { AuthenticateUser } from './users/authenticate-user.js';
import { DeleteUser } from './users/delete-user.js';
import { GetUser } from './users/get-user.js';
import type { LoginLimits } from './users/login-limits.js';
import { ListUsers } from './users/list-users.js';
import type { PasswordHasher } from './users/password-hasher.js';
import type { RateLimiter } from './users/rate-limiter.js';
import { RegisterUser } from './users/register-user.js';
import type { TokenIssuer } from './users/access-tokens.js';
import { UpdateUser } from './users/update-user.js';

export interface UseCaseDependencies {
  readonly uow: HexabillUnitOfWork;
  readonly hasher: PasswordHasher;
  readonly tokens: TokenIssuer;
  readonly ids: IdGenerator;
  readonly clock: Clock;
  /** A payment stuck past `timings.reconcileAfterMs` is settled by asking the gateway when its owner retries it. */
  readonly gateway: PaymentGateway;
  readonly timings?: PaymentTimings;
  readonly logger?: Logger;
  /** Sign-in attempts are limited when both are given. */
  readonly loginLimiter?: RateLimiter;
  readonly loginLimits?: LoginLimits;
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
