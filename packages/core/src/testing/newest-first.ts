import { offsetOf, pageOf, sliceOf, type Page, type PageRequest, type Slice, type SliceRequest } from '../kernel/paging.js';

/** The order every list uses: newest first, by id (UUIDv7 ids sort by creation time). */
export function newestFirst(a: { id: string }, b: { id: string }): number {
  return a.id === b.id ? 0 : a.id < b.id ? 1 : -1;
}

/** A numbered page of `rows`, as the PostgreSQL store answers it. */
export function pageOfRows<T extends { id: string }>(rows: readonly T[], request: PageRequest): Page<T> {
  const sorted = [...rows].sort(newestFirst);
  return pageOf(sorted.slice(offsetOf(request), offsetOf(request) + request.pageSize), request, sorted.length);
}

/** A keyset slice of `rows`, as the PostgreSQL store answers it: `limit + 1` rows in the direction of travel. */
export function sliceOfRows<T extends { id: string }>(rows: readonly T[], request: SliceRequest): Slice<T> {
  const { after, before } = request;
  const fetched =
    before === undefined
      ? [...rows].filter((r) => after === undefined || r.id < after).sort(newestFirst)
      : [...rows].filter((r) => r.id > before).sort((a, b) => newestFirst(b, a));
  return sliceOf(fetched.slice(0, request.limit + 1), request);
}
