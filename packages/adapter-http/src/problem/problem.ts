import type { DomainError, Result, ValidationIssue } from '@hexabill/core';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv } from '../app-env.js';
import { STATUS_BY_CODE } from './status-by-code.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** RFC 9457 problem details, plus hexabill's stable `code` and the request id. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly code: string;
  readonly request_id: string;
  readonly errors?: readonly ValidationIssue[];
}

const TITLES: Readonly<Record<number, string>> = {
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

function typeUri(code: string): string {
  return `urn:hexabill:problem:${code.toLowerCase().replaceAll('_', '-')}`;
}

export function problemBody(
  c: Context<AppEnv>,
  status: number,
  code: string,
  detail: string,
  errors?: readonly ValidationIssue[],
): Problem {
  return {
    type: typeUri(code),
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    code,
    request_id: c.get('requestId'),
    ...(errors ? { errors } : {}),
  };
}

/** Renders a problem response with the problem+json media type (and a Bearer challenge on 401). */
export function problemResponse(
  c: Context<AppEnv>,
  status: ContentfulStatusCode,
  code: string,
  detail: string,
  options: { errors?: readonly ValidationIssue[]; headers?: Record<string, string> } = {},
): Response {
  const headers: Record<string, string> = { 'Content-Type': PROBLEM_CONTENT_TYPE, ...options.headers };
  if (status === 401) headers['WWW-Authenticate'] = 'Bearer';
  return c.body(JSON.stringify(problemBody(c, status, code, detail, options.errors)), status, headers);
}

export function domainProblem(c: Context<AppEnv>, error: DomainError): Response {
  return problemResponse(c, STATUS_BY_CODE[error.code], error.code, error.message, {
    ...(error.code === 'VALIDATION_FAILED' ? { errors: error.issues } : {}),
  });
}

/**
 * Carries an expected failure (a core `Err`) from a handler to the app's error handler, which
 * renders it through the one status table. Handlers then read as the happy path.
 */
export class DomainErrorResponse extends Error {
  constructor(readonly error: DomainError) {
    super(error.message);
    this.name = 'DomainErrorResponse';
  }
}

/** The value of an `Ok`, or a thrown `DomainErrorResponse` for an `Err`. */
export function valueOrProblem<T>(result: Result<T, DomainError>): T {
  if (result.isErr()) throw new DomainErrorResponse(result.error);
  return result.value;
}

/** An HTTP-level refusal that is not a domain error (e.g. 429), thrown to the app's error handler. */
export class HttpProblem extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    readonly detail: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
    this.name = 'HttpProblem';
  }
}
