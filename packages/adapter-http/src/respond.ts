import type { DomainError, Result } from '@hexabill/core';
import type { Context, TypedResponse } from 'hono';
import type { ContentfulStatusCode, SuccessStatusCode } from 'hono/utils/http-status';
import type { AppEnv } from './app-env.js';
import { domainProblem, type ProblemResponse } from './problem/problem.js';
import { jsonResponse } from './response.js';
import type { StatusOf } from './problem/status-by-code.js';

/**
 * The one path from a use case's `Result` to a response: `Ok` renders with the route's success
 * status, `Err` becomes problem+json with its code's status. The return type names every status the
 * errors can produce, so a route whose contract does not declare one of them fails to compile.
 */
export function respond<T, E extends DomainError, S extends SuccessStatusCode & ContentfulStatusCode, J>(
  c: Context<AppEnv>,
  result: Result<T, E>,
  status: S,
  render: (value: T) => J,
  headers?: (value: T) => Record<string, string>,
): (Response & TypedResponse<J, S, 'json'>) | ProblemResponse<StatusOf<E>> {
  if (result.isErr()) return domainProblem(c, result.error);
  return jsonResponse(c, render(result.value), status, headers?.(result.value));
}
