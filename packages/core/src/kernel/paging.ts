import { err, ok, type Result } from './result.js';
import { KernelErrors, type ValidationFailed, type ValidationIssue } from './errors.js';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

export interface PageRequest {
  readonly page: number;
  readonly pageSize: number;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly page: number;
  readonly pageSize: number;
  readonly total: number;
  readonly totalPages: number;
}

export function parsePageRequest(input: { page?: number; pageSize?: number }): Result<PageRequest, ValidationFailed> {
  const page = input.page ?? 1;
  const pageSize = input.pageSize ?? DEFAULT_PAGE_SIZE;
  const issues: ValidationIssue[] = [];
  if (!Number.isSafeInteger(page) || page < 1) issues.push({ path: 'page', message: 'must be an integer ≥ 1' });
  if (!Number.isSafeInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
    issues.push({ path: 'page_size', message: `must be an integer from 1 to ${MAX_PAGE_SIZE}` });
  }
  return issues.length > 0 ? err(KernelErrors.validation(issues)) : ok({ page, pageSize });
}

export function pageOf<T>(items: readonly T[], request: PageRequest, total: number): Page<T> {
  return {
    items,
    page: request.page,
    pageSize: request.pageSize,
    total,
    totalPages: Math.ceil(total / request.pageSize),
  };
}

export function mapPage<T, U>(page: Page<T>, map: (item: T) => U): Page<U> {
  return { ...page, items: page.items.map(map) };
}

export function offsetOf(request: PageRequest): number {
  return (request.page - 1) * request.pageSize;
}
