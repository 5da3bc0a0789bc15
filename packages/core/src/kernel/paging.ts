import { KernelErrors, type ValidationFailed, type ValidationIssue } from './errors.js';
import { isUuid } from './ids.js';
import { err, ok, type Result } from './result.js';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

/**
 * Every list is newest first, by id: ids are UUIDv7, whose leading bits are the creation time, so
 * "newest first" is descending primary-key order, with no tie to break.
 */

/** Numbered pages with a total: every matching row is counted, so this slows as tables grow. */
export interface PageRequest {
  readonly page: number;
  readonly pageSize: number;
}

/**
 * Keyset ("cursor") pagination: up to `limit` rows older than `after`, or newer than `before` (the id
 * of a row already seen), or the newest when neither is given. Never counts unless asked to.
 */
export interface SliceRequest {
  readonly limit: number;
  readonly after?: string;
  readonly before?: string;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly page: number;
  readonly pageSize: number;
  readonly total: number;
  readonly totalPages: number;
}

/** Rows of a keyset request, newest first. `hasMore`: more rows lie beyond in the direction travelled. */
export interface Slice<T> {
  readonly items: readonly T[];
  readonly hasMore: boolean;
}

export type ListRequest =
  ({ readonly kind: 'page' } & PageRequest) | ({ readonly kind: 'slice'; readonly withTotal: boolean } & SliceRequest);

/** What a list use case answers: a numbered page, or a slice (with the total only when asked for). */
export type Listing<T> =
  ({ readonly kind: 'page' } & Page<T>) | ({ readonly kind: 'slice'; readonly request: SliceRequest; readonly total?: number } & Slice<T>);

export interface ListInput {
  /** Numbered pages (deprecated): either of these selects them. */
  readonly page?: number;
  readonly pageSize?: number;
  /** Keyset pagination (the default). */
  readonly limit?: number;
  readonly after?: string;
  readonly before?: string;
  /** Count every matching row as well (costly on large tables). */
  readonly includeTotal?: boolean;
}

const sizeIssue = (path: string, size: number): ValidationIssue | null =>
  Number.isSafeInteger(size) && size >= 1 && size <= MAX_PAGE_SIZE
    ? null
    : { path, message: `must be an integer from 1 to ${MAX_PAGE_SIZE}` };

/** Numbered pages when `page` or `pageSize` is given, a keyset slice otherwise; every problem named. */
export function parseListRequest(input: ListInput): Result<ListRequest, ValidationFailed> {
  const issues: ValidationIssue[] = [];
  const numbered = input.page !== undefined || input.pageSize !== undefined;
  if (numbered) {
    const page = input.page ?? 1;
    const pageSize = input.pageSize ?? DEFAULT_PAGE_SIZE;
    if (!Number.isSafeInteger(page) || page < 1) issues.push({ path: 'page', message: 'must be an integer ≥ 1' });
    const size = sizeIssue('page_size', pageSize);
    if (size) issues.push(size);
    for (const [path, given] of [
      ['limit', input.limit],
      ['starting_after', input.after],
      ['ending_before', input.before],
    ] as const) {
      if (given !== undefined) issues.push({ path, message: 'cannot be combined with page or page_size' });
    }
    return issues.length > 0 ? err(KernelErrors.validation(issues)) : ok({ kind: 'page', page, pageSize });
  }
  const limit = input.limit ?? DEFAULT_PAGE_SIZE;
  const size = sizeIssue('limit', limit);
  if (size) issues.push(size);
  for (const [path, id] of [
    ['starting_after', input.after],
    ['ending_before', input.before],
  ] as const) {
    if (id !== undefined && !isUuid(id)) issues.push({ path, message: 'is not a cursor of this list' });
  }
  if (input.after !== undefined && input.before !== undefined) {
    issues.push({ path: 'ending_before', message: 'cannot be combined with starting_after' });
  }
  if (issues.length > 0) return err(KernelErrors.validation(issues));
  return ok({
    kind: 'slice',
    limit,
    withTotal: input.includeTotal === true,
    ...(input.after === undefined ? {} : { after: input.after }),
    ...(input.before === undefined ? {} : { before: input.before }),
  });
}

export function pageOf<T>(items: readonly T[], request: PageRequest, total: number): Page<T> {
  return { items, page: request.page, pageSize: request.pageSize, total, totalPages: Math.ceil(total / request.pageSize) };
}

export function offsetOf(request: PageRequest): number {
  return (request.page - 1) * request.pageSize;
}

/**
 * The slice of `newestFirst` rows a keyset request asks for, given up to `limit + 1` rows fetched in
 * the direction of travel (descending for `after` or none, ascending for `before`): the extra row
 * only tells whether there is more.
 */
export function sliceOf<T>(fetched: readonly T[], request: SliceRequest): Slice<T> {
  const hasMore = fetched.length > request.limit;
  const items = fetched.slice(0, request.limit);
  return { items: request.before === undefined ? items : items.reverse(), hasMore };
}

/** The rows a store answers a list request with, before the use case maps them to views. */
export interface ListSource<T> {
  page(request: PageRequest): Promise<Page<T>>;
  slice(request: SliceRequest): Promise<Slice<T>>;
  count(): Promise<number>;
}

/** Runs a parsed list request against its source and maps the rows. */
export async function listFrom<T, U>(source: ListSource<T>, request: ListRequest, map: (item: T) => U): Promise<Listing<U>> {
  if (request.kind === 'page') {
    const page = await source.page(request);
    return { kind: 'page', ...page, items: page.items.map(map) };
  }
  const [slice, total] = await Promise.all([source.slice(request), request.withTotal ? source.count() : Promise.resolve(undefined)]);
  return { kind: 'slice', request, items: slice.items.map(map), hasMore: slice.hasMore, ...(total === undefined ? {} : { total }) };
}

/** An empty answer of the requested kind (e.g. a user asking for someone else's rows). */
export function emptyListing<T>(request: ListRequest): Listing<T> {
  return request.kind === 'page'
    ? { kind: 'page', ...pageOf<T>([], request, 0) }
    : { kind: 'slice', request, items: [], hasMore: false, ...(request.withTotal ? { total: 0 } : {}) };
}
