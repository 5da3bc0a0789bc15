import type { DomainErrorCode } from '@hexabill/core';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/**
 * Every domain error code and the one HTTP status it always gets. A `Record` over the union, so a
 * new code in core fails compilation here until it is mapped.
 */
export const STATUS_BY_CODE: Readonly<Record<DomainErrorCode, ContentfulStatusCode>> = {
  VALIDATION_FAILED: 422,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  FORBIDDEN: 403,
  USER_NOT_FOUND: 404,
  USER_EMAIL_TAKEN: 409,
  VERSION_MISMATCH: 412,
  CONCURRENCY_CONFLICT: 409,
  INVOICE_NOT_FOUND: 404,
  INVOICE_ALREADY_PAID: 409,
  INVOICE_PAYMENT_IN_PROGRESS: 409,
  PAYMENT_GATEWAY_UNAVAILABLE: 503,
  IDEMPOTENCY_KEY_REUSED: 422,
  IDEMPOTENCY_REQUEST_IN_PROGRESS: 409,
};
