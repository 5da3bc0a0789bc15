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
import type { AccessTokenVerifier, TokenIssuer } from './users/access-tokens.js';
import { AuthenticateAccessToken } from './users/authenticate-access-token.js';
import { AuthenticateUser } from './users/authenticate-user.js';
import { ChangePassword } from './users/change-password.js';
import { ChangeRole } from './users/change-role.js';
import { ConfirmPasswordReset } from './users/confirm-password-reset.js';
import { DeleteUser } from './users/delete-user.js';
import { GetUser } from './users/get-user.js';
import type { LoginLimits } from './users/login-limits.js';
import { ListUsers } from './users/list-users.js';
import type { OpaqueTokens } from './users/opaque-tokens.js';
import type { PasswordHasher } from './users/password-hasher.js';
import type { PasswordResetLimits } from './users/password-reset-limits.js';
import type { RateLimiter } from './users/rate-limiter.js';
import { DEFAULT_SESSION_LIMITS, type SessionLimits } from './users/refresh-token.js';
import { RefreshSession } from './users/refresh-session.js';
import { RegisterUser } from './users/register-user.js';
import { RequestPasswordReset } from './users/request-password-reset.js';
import type { SessionVersions } from './users/session-versions.js';
import { SetPassword } from './users/set-password.js';
import { SignOut } from './users/sign-out.js';
import { SignOutEverywhere } from './users/sign-out-everywhere.js';
import { UpdateUser } from './users/update-user.js';

export interface UseCaseDependencies {
  readonly uow: HexabillUnitOfWork;
  readonly hasher: PasswordHasher;
  readonly tokens: TokenIssuer;
  readonly verifier: AccessTokenVerifier;
  /** Refresh and password-reset tokens. */
  readonly opaqueTokens: OpaqueTokens;
  /** Each user's current session version, for checking access tokens (a `SessionVersionCache`). */
  readonly sessions: SessionVersions;
  readonly ids: IdGenerator;
  readonly clock: Clock;
  /** A payment stuck past `timings.reconcileAfterMs` is settled by asking the gateway when its owner retries it. */
  readonly gateway: PaymentGateway;
  readonly timings?: PaymentTimings;
  readonly logger?: Logger;
  /** How long sessions (refresh-token families) live; 30 days in all, 7 days unused by default. */
  readonly sessionLimits?: SessionLimits;
  /** Sign-in attempts (and current-password checks) are limited when both are given. */
  readonly loginLimiter?: RateLimiter;
  readonly loginLimits?: LoginLimits;
  /** Password-reset requests are limited when both are given. */
  readonly resetLimiter?: RateLimiter;
  readonly resetLimits?: PasswordResetLimits;
  /** How long a password-reset link works (30 minutes by default). */
  readonly passwordResetTtlSeconds?: number;
}

/** Every use case an API exposes, wired to one set of ports. */
export interface UseCases {
  readonly registerUser: RegisterUser;
  readonly authenticateUser: AuthenticateUser;
  readonly authenticateAccessToken: AuthenticateAccessToken;
  readonly refreshSession: RefreshSession;
  readonly signOut: SignOut;
  readonly signOutEverywhere: SignOutEverywhere;
  readonly changePassword: ChangePassword;
  readonly requestPasswordReset: RequestPasswordReset;
  readonly confirmPasswordReset: ConfirmPasswordReset;
  readonly changeRole: ChangeRole;
  /** The operator's `admin reset-password`: the system principal only. */
  readonly setPassword: SetPassword;
  readonly getUser: GetUser;
  readonly listUsers: ListUsers;
  readonly updateUser: UpdateUser;
  readonly deleteUser: DeleteUser;
  readonly createInvoice: CreateInvoice;
  readonly getInvoice: GetInvoice;
  readonly listInvoices: ListInvoices;
  readonly requestInvoicePayment: RequestInvoicePayment;
  // hexabill-generate: use cases
}

export function createUseCases(dependencies: UseCaseDependencies): UseCases {
  const deps = { ...dependencies, sessionLimits: dependencies.sessionLimits ?? DEFAULT_SESSION_LIMITS };
  return {
    registerUser: new RegisterUser(deps),
    authenticateUser: new AuthenticateUser(deps),
    authenticateAccessToken: new AuthenticateAccessToken(deps),
    refreshSession: new RefreshSession(deps),
    signOut: new SignOut(deps),
    signOutEverywhere: new SignOutEverywhere(deps),
    changePassword: new ChangePassword(deps),
    requestPasswordReset: new RequestPasswordReset(deps),
    confirmPasswordReset: new ConfirmPasswordReset(deps),
    changeRole: new ChangeRole(deps),
    setPassword: new SetPassword(deps),
    getUser: new GetUser(deps),
    listUsers: new ListUsers(deps),
    updateUser: new UpdateUser(deps),
    deleteUser: new DeleteUser(deps),
    createInvoice: new CreateInvoice(deps),
    getInvoice: new GetInvoice(deps),
    listInvoices: new ListInvoices(deps),
    requestInvoicePayment: new RequestInvoicePayment(deps),
    // hexabill-generate: use case instances
  };
}
