import type { DomainErrorCode } from '@hexabill/core';

/**
 * Every domain error code and the one HTTP status it always gets. Over the union of codes, so a new
 * code in core fails compilation here until it is mapped; `as const` keeps each status a literal,
 * so `respond` can tell the compiler which statuses a use case's errors can produce.
 */
export const STATUS_BY_CODE = {
  VALIDATION_FAILED: 422,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  INVALID_REFRESH_TOKEN: 401,
  PASSWORD_RESET_TOKEN_INVALID: 422,
  USER_LAST_ADMIN: 409,
  MAIL_DELIVERY_FAILED: 503,
  FORBIDDEN: 403,
  RATE_LIMITED: 429,
  USER_NOT_FOUND: 404,
  USER_EMAIL_TAKEN: 409,
  USER_HAS_PAYMENT_IN_PROGRESS: 409,
  VERSION_MISMATCH: 412,
  CONCURRENCY_CONFLICT: 409,
  INVOICE_NOT_FOUND: 404,
  INVOICE_ALREADY_PAID: 409,
  INVOICE_PAYMENT_IN_PROGRESS: 409,
  PAYMENT_GATEWAY_UNAVAILABLE: 503,
  IDEMPOTENCY_KEY_REUSED: 422,
  IDEMPOTENCY_REQUEST_IN_PROGRESS: 409,
  // hexabill-generate: error statuses
} as const satisfies Record<DomainErrorCode, number>;

/** The statuses the errors in `E` are answered with. */
export type StatusOf<E extends { readonly code: DomainErrorCode }> = (typeof STATUS_BY_CODE)[E['code']];
