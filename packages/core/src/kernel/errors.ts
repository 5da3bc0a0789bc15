/**
 * Expected failures are values. Every error carries a stable `code` that adapters map (HTTP: one
 * exhaustive table) and clients may rely on. This file holds the errors any context can meet; each
 * context keeps its own next to its aggregate.
 */
export interface Failure<TCode extends string> {
  readonly code: TCode;
  readonly message: string;
}

export interface ValidationIssue {
  readonly path: string;
  readonly message: string;
}

export interface ValidationFailed extends Failure<'VALIDATION_FAILED'> {
  readonly issues: readonly ValidationIssue[];
}
export type Unauthenticated = Failure<'UNAUTHENTICATED'>;
export type Forbidden = Failure<'FORBIDDEN'>;
/** The caller's expected version (HTTP `If-Match`) is not the current one. */
export type VersionMismatch = Failure<'VERSION_MISMATCH'>;
/** Someone else changed the aggregate between our read and our write. */
export type ConcurrencyConflict = Failure<'CONCURRENCY_CONFLICT'>;
/** The same idempotency key was used with a different request. */
export type IdempotencyKeyReused = Failure<'IDEMPOTENCY_KEY_REUSED'>;
/** The first request with this idempotency key has not finished yet. */
export type IdempotencyRequestInProgress = Failure<'IDEMPOTENCY_REQUEST_IN_PROGRESS'>;
/** Too many attempts of something limited (sign-in, reset e-mails); retry after the given seconds. */
export interface RateLimited extends Failure<'RATE_LIMITED'> {
  readonly retryAfterSeconds: number;
}

export type IdempotencyError = IdempotencyKeyReused | IdempotencyRequestInProgress;
export type KernelError =
  ValidationFailed | Unauthenticated | Forbidden | VersionMismatch | ConcurrencyConflict | IdempotencyError | RateLimited;

export const KernelErrors = {
  validation: (issues: readonly ValidationIssue[]): ValidationFailed => ({
    code: 'VALIDATION_FAILED',
    message: 'The request is not valid.',
    issues,
  }),
  unauthenticated: (): Unauthenticated => ({ code: 'UNAUTHENTICATED', message: 'Authentication is required.' }),
  forbidden: (): Forbidden => ({ code: 'FORBIDDEN', message: 'You are not allowed to do this.' }),
  versionMismatch: (expected: number, actual: number): VersionMismatch => ({
    code: 'VERSION_MISMATCH',
    message: `Expected version ${expected}, but the current version is ${actual}.`,
  }),
  concurrencyConflict: (aggregate: string, id: string): ConcurrencyConflict => ({
    code: 'CONCURRENCY_CONFLICT',
    message: `${aggregate} ${id} was changed concurrently; retry the request.`,
  }),
  idempotencyKeyReused: (): IdempotencyKeyReused => ({
    code: 'IDEMPOTENCY_KEY_REUSED',
    message: 'This Idempotency-Key was already used with a different request.',
  }),
  idempotencyRequestInProgress: (): IdempotencyRequestInProgress => ({
    code: 'IDEMPOTENCY_REQUEST_IN_PROGRESS',
    message: 'A request with this Idempotency-Key is still being processed.',
  }),
  rateLimited: (what: string, retryAfterSeconds: number): RateLimited => ({
    code: 'RATE_LIMITED',
    message: `Too many ${what}. Try again later.`,
    retryAfterSeconds,
  }),
} as const;
