import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { KernelErrors, type ListInput, type Listing, type ValidationFailed, type ValidationIssue } from '@hexabill/core';
import type { Context } from 'hono';
import type { AppEnv } from './app-env.js';

/**
 * Opaque, tamper-evident list cursors. A cursor names the last row a client saw, and is bound to the
 * list it came from — the route, its filters and the caller — by an HMAC: a forged cursor, or one
 * carried over to another list or another caller, does not verify and is answered 422.
 */
export class CursorCodec {
  readonly #key: Buffer;

  /** Without a secret, cursors hold for this process only (fine for one instance and for tests). */
  constructor(secret?: string) {
    this.#key = secret ? createHmac('sha256', secret).update('hexabill list cursors').digest() : randomBytes(32);
  }

  encode(id: string, scope: string): string {
    return `${Buffer.from(id).toString('base64url')}.${this.#mac(id, scope)}`;
  }

  /** The row id the cursor names, or null when it is not a cursor of this list for this caller. */
  decode(cursor: string, scope: string): string | null {
    const [payload = '', mac = '', ...rest] = cursor.split('.');
    if (rest.length > 0 || !/^[A-Za-z0-9_-]{1,128}$/.test(payload) || !/^[A-Za-z0-9_-]{22}$/.test(mac)) return null;
    const id = Buffer.from(payload, 'base64url').toString();
    const expected = Buffer.from(this.#mac(id, scope));
    const given = Buffer.from(mac);
    return given.length === expected.length && timingSafeEqual(given, expected) ? id : null;
  }

  #mac(id: string, scope: string): string {
    return createHmac('sha256', this.#key).update(`${scope}\n${id}`).digest().subarray(0, 16).toString('base64url');
  }
}

/** A list's identity for its cursors: the route, its filters, and who is asking. */
export function listScope(c: Context<AppEnv>, filters: Record<string, string | undefined>): string {
  const principal = c.get('principal');
  const who = principal.kind === 'user' ? principal.id : principal.kind;
  const filter = Object.entries(filters)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => `${name}=${String(value)}`)
    .join('&');
  return `${c.req.path}?${filter}#${who}`;
}

export interface ListQuery {
  readonly page?: number;
  readonly page_size?: number;
  readonly limit?: number;
  readonly starting_after?: string;
  readonly ending_before?: string;
  readonly include?: 'total';
}

/** The use case's list input from the query, with cursors verified; a bad cursor is a validation error naming it. */
export function listInput(codec: CursorCodec, scope: string, query: ListQuery): { input: ListInput } | { error: ValidationFailed } {
  const issues: ValidationIssue[] = [];
  const decoded = (path: 'starting_after' | 'ending_before'): string | undefined => {
    const cursor = query[path];
    if (cursor === undefined) return undefined;
    const id = codec.decode(cursor, scope);
    if (id === null) issues.push({ path, message: 'is not a cursor of this list (forged, altered, or from another list or caller)' });
    return id ?? undefined;
  };
  const after = decoded('starting_after');
  const before = decoded('ending_before');
  if (issues.length > 0) return { error: KernelErrors.validation(issues) };
  return {
    input: {
      ...(query.page === undefined ? {} : { page: query.page }),
      ...(query.page_size === undefined ? {} : { pageSize: query.page_size }),
      ...(query.limit === undefined ? {} : { limit: query.limit }),
      ...(after === undefined ? {} : { after }),
      ...(before === undefined ? {} : { before }),
      includeTotal: query.include === 'total',
    },
  };
}

export interface PageJson<T> {
  items: T[];
  page: number;
  page_size: number;
  total: number;
  total_pages: number;
}

export interface ListJson<T> {
  items: T[];
  has_more: boolean;
  next_cursor: string | null;
  previous_cursor: string | null;
  total?: number;
}

/**
 * Renders a listing: a numbered page as before, or a keyset slice with the cursors to walk on —
 * `next_cursor` (pass it as `starting_after`) towards older rows, `previous_cursor` (as
 * `ending_before`) towards newer ones; null where there is nothing that way.
 */
export function listingJson<T extends { id: string }, J>(
  item: (value: T) => J,
  cursorOf: (id: string) => string,
): (listing: Listing<T>) => PageJson<J> | ListJson<J> {
  return (listing) => {
    if (listing.kind === 'page') {
      const { items, page, pageSize, total, totalPages } = listing;
      return { items: items.map(item), page, page_size: pageSize, total, total_pages: totalPages };
    }
    const { items, hasMore, request } = listing;
    const first = items[0];
    const last = items.at(-1);
    const backwards = request.before !== undefined;
    const older = backwards ? last !== undefined : hasMore;
    const newer = backwards ? hasMore : request.after !== undefined && first !== undefined;
    return {
      items: items.map(item),
      has_more: hasMore,
      next_cursor: older && last ? cursorOf(last.id) : null,
      previous_cursor: newer && first ? cursorOf(first.id) : null,
      ...(listing.total === undefined ? {} : { total: listing.total }),
    };
  };
}
