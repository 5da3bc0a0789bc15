/**
 * Expected failures are values. Every error carries a stable `code` that adapters map
 * (HTTP: one exhaustive table) and that clients may rely on.
 */

export interface ValidationIssue {
  readonly path: string;
  readonly message: string;
}

export interface ValidationFailed {
  readonly code: 'VALIDATION_FAILED';
  readonly message: string;
  readonly issues: readonly ValidationIssue[];
}
export interface Unauthenticated {
  readonly code: 'UNAUTHENTICATED';
  readonly message: string;
}
export interface InvalidCredentials {
  readonly code: 'INVALID_CREDENTIALS';
  readonly message: string;
}
export interface Forbidden {
  readonly code: 'FORBIDDEN';
  readonly message: string;
}
export interface UserNotFound {
  readonly code: 'USER_NOT_FOUND';
  readonly message: string;
}
export interface UserEmailTaken {
  readonly code: 'USER_EMAIL_TAKEN';
  readonly message: string;
}
/** The caller's expected version (HTTP `If-Match`) is not the current one. */
export interface VersionMismatch {
  readonly code: 'VERSION_MISMATCH';
  readonly message: string;
}
/** Someone else changed the aggregate between our read and our write. */
export interface ConcurrencyConflict {
  readonly code: 'CONCURRENCY_CONFLICT';
  readonly message: string;
}
export interface InvoiceNotFound {
  readonly code: 'INVOICE_NOT_FOUND';
  readonly message: string;
}
export interface InvoiceAlreadyPaid {
  readonly code: 'INVOICE_ALREADY_PAID';
  readonly message: string;
}
export interface InvoicePaymentInProgress {
  readonly code: 'INVOICE_PAYMENT_IN_PROGRESS';
  readonly message: string;
}
/** A transient gateway failure: the message is retried. */
export interface PaymentGatewayUnavailable {
  readonly code: 'PAYMENT_GATEWAY_UNAVAILABLE';
  readonly message: string;
}
/** The same idempotency key was used with a different request. */
export interface IdempotencyKeyReused {
  readonly code: 'IDEMPOTENCY_KEY_REUSED';
  readonly message: string;
}
/** The first request with this idempotency key has not finished yet. */
export interface IdempotencyRequestInProgress {
  readonly code: 'IDEMPOTENCY_REQUEST_IN_PROGRESS';
  readonly message: string;
}

export type DomainError =
  | ValidationFailed
  | Unauthenticated
  | InvalidCredentials
  | Forbidden
  | UserNotFound
  | UserEmailTaken
  | VersionMismatch
  | ConcurrencyConflict
  | InvoiceNotFound
  | InvoiceAlreadyPaid
  | InvoicePaymentInProgress
  | PaymentGatewayUnavailable
  | IdempotencyKeyReused
  | IdempotencyRequestInProgress;

export type DomainErrorCode = DomainError['code'];

/** Every code, for adapters that must prove they map each one. */
export const DOMAIN_ERROR_CODES = [
  'VALIDATION_FAILED',
  'UNAUTHENTICATED',
  'INVALID_CREDENTIALS',
  'FORBIDDEN',
  'USER_NOT_FOUND',
  'USER_EMAIL_TAKEN',
  'VERSION_MISMATCH',
  'CONCURRENCY_CONFLICT',
  'INVOICE_NOT_FOUND',
  'INVOICE_ALREADY_PAID',
  'INVOICE_PAYMENT_IN_PROGRESS',
  'PAYMENT_GATEWAY_UNAVAILABLE',
  'IDEMPOTENCY_KEY_REUSED',
  'IDEMPOTENCY_REQUEST_IN_PROGRESS',
] as const satisfies readonly DomainErrorCode[];

export const DomainErrors = {
  validation: (issues: readonly ValidationIssue[]): ValidationFailed => ({
    code: 'VALIDATION_FAILED',
    message: 'The request is not valid.',
    issues,
  }),
  unauthenticated: (): Unauthenticated => ({ code: 'UNAUTHENTICATED', message: 'Authentication is required.' }),
  invalidCredentials: (): InvalidCredentials => ({
    code: 'INVALID_CREDENTIALS',
    message: 'The email or password is incorrect.',
  }),
  forbidden: (): Forbidden => ({ code: 'FORBIDDEN', message: 'You are not allowed to do this.' }),
  userNotFound: (id: string): UserNotFound => ({ code: 'USER_NOT_FOUND', message: `User ${id} was not found.` }),
  userEmailTaken: (): UserEmailTaken => ({
    code: 'USER_EMAIL_TAKEN',
    message: 'A user with this email already exists.',
  }),
  versionMismatch: (expected: number, actual: number): VersionMismatch => ({
    code: 'VERSION_MISMATCH',
    message: `Expected version ${expected}, but the current version is ${actual}.`,
  }),
  concurrencyConflict: (aggregate: string, id: string): ConcurrencyConflict => ({
    code: 'CONCURRENCY_CONFLICT',
    message: `${aggregate} ${id} was changed concurrently; retry the request.`,
  }),
  invoiceNotFound: (id: string): InvoiceNotFound => ({
    code: 'INVOICE_NOT_FOUND',
    message: `Invoice ${id} was not found.`,
  }),
  invoiceAlreadyPaid: (id: string): InvoiceAlreadyPaid => ({
    code: 'INVOICE_ALREADY_PAID',
    message: `Invoice ${id} is already paid.`,
  }),
  invoicePaymentInProgress: (id: string): InvoicePaymentInProgress => ({
    code: 'INVOICE_PAYMENT_IN_PROGRESS',
    message: `Payment of invoice ${id} has already been requested and is being processed.`,
  }),
  paymentGatewayUnavailable: (detail: string): PaymentGatewayUnavailable => ({
    code: 'PAYMENT_GATEWAY_UNAVAILABLE',
    message: `The payment gateway is unavailable: ${detail}`,
  }),
  idempotencyKeyReused: (): IdempotencyKeyReused => ({
    code: 'IDEMPOTENCY_KEY_REUSED',
    message: 'This Idempotency-Key was already used with a different request.',
  }),
  idempotencyRequestInProgress: (): IdempotencyRequestInProgress => ({
    code: 'IDEMPOTENCY_REQUEST_IN_PROGRESS',
    message: 'A request with this Idempotency-Key is still being processed.',
  }),
} as const;
