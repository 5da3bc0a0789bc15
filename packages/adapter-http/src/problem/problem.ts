import type { DomainError, ValidationIssue } from '@hexabill/core';
import type { Context, TypedResponse } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from '@hono/zod-openapi';
import type { AppEnv } from '../app-env.js';
import type { ProblemSchema } from '../schemas/common.js';
import { jsonResponse } from '../response.js';
import { STATUS_BY_CODE, type StatusOf } from './status-by-code.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** RFC 9457 problem details, plus hexabill's stable `code` and the request id (its schema is the contract). */
export type Problem = z.infer<typeof ProblemSchema>;

const TITLES: Readonly<Partial<Record<number, string>>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** A problem+json response, typed with its status so route contracts can be checked against it. */
export type ProblemResponse<S extends ContentfulStatusCode> = Response & TypedResponse<Problem, S, 'json'>;

export interface ProblemOptions {
  readonly errors?: readonly ValidationIssue[];
  readonly headers?: Record<string, string>;
}

/**
 * The one way every error leaves the API: a problem+json body with the media type, a Bearer
 * challenge on 401. Refusals of the HTTP layer itself (413, 415, 405, …) come here directly;
 * domain errors come through `domainProblem`.
 */
export function problem<S extends ContentfulStatusCode>(
  c: Context<AppEnv>,
  status: S,
  code: string,
  detail: string,
  options: ProblemOptions = {},
): ProblemResponse<S> {
  const body: Problem = {
    type: `urn:hexabill:problem:${code.toLowerCase().replaceAll('_', '-')}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    code,
    request_id: c.get('requestId'),
    ...(options.errors ? { errors: options.errors.map((issue) => ({ path: issue.path, message: issue.message })) } : {}),
  };
  const headers = status === 401 ? { ...options.headers, 'WWW-Authenticate': 'Bearer' } : options.headers;
  return jsonResponse(c, body, status, headers, PROBLEM_CONTENT_TYPE);
}

/** How long a client should wait before retrying a request a missing dependency refused. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

/** A domain error with the status the one table gives its code (and Retry-After when it has one). */
export function domainProblem<E extends DomainError>(c: Context<AppEnv>, error: E): ProblemResponse<StatusOf<E>> {
  const status = STATUS_BY_CODE[error.code as E['code']] as StatusOf<E>;
  const retryAfter = error.code === 'RATE_LIMITED' ? error.retryAfterSeconds : status === 503 ? UNAVAILABLE_RETRY_AFTER_SECONDS : undefined;
  return problem(c, status, error.code, error.message, {
    ...(error.code === 'VALIDATION_FAILED' ? { errors: error.issues } : {}),
    ...(retryAfter === undefined ? {} : { headers: { 'Retry-After': String(retryAfter) } }),
  });
}
