import type { RouteKey } from '../settings.js';

/** The users and data the API part sets up once per database. */
export interface ApiSeed {
  readonly adminEmail: string;
  /** GET by id targets this user; the invoice list is filtered by it (it owns READER_INVOICES). */
  readonly readerId: string;
  /** POST /invoices creates invoices for this user. */
  readonly writerId: string;
  /** request-payment pays this user's invoices, inserted fresh before each run. */
  readonly payerId: string;
}

export interface RequestShape {
  readonly method: 'GET' | 'POST';
  /** A fixed path, or a function of one pending invoice id (request-payment). */
  readonly path: string | ((invoiceId: string) => string);
  readonly body?: string;
}

export interface RouteDefinition {
  readonly key: RouteKey;
  readonly title: string;
  readonly kind: 'read' | 'write';
  hexabill(seed: ApiSeed): RequestShape;
  bare(seed: ApiSeed): RequestShape;
}

export const PAGE_SIZE = 20;

/**
 * What each route sends to hexabill and to the bare baseline (tools/bench/README.md explains the SQL).
 * Lists use the recommended keyset mode (`limit`, no `page`): the first slice, newest first by id.
 */
export const ROUTES: readonly RouteDefinition[] = [
  {
    key: 'user',
    title: 'GET /api/v1/users/{id}',
    kind: 'read',
    hexabill: (seed) => ({ method: 'GET', path: `/api/v1/users/${seed.readerId}` }),
    bare: (seed) => ({ method: 'GET', path: `/users/${seed.readerId}` }),
  },
  {
    key: 'users',
    title: `GET /api/v1/users?limit=${String(PAGE_SIZE)}`,
    kind: 'read',
    hexabill: () => ({ method: 'GET', path: `/api/v1/users?limit=${String(PAGE_SIZE)}` }),
    bare: () => ({ method: 'GET', path: '/users' }),
  },
  {
    key: 'invoices',
    title: `GET /api/v1/invoices?user_id=…&limit=${String(PAGE_SIZE)}`,
    kind: 'read',
    hexabill: (seed) => ({ method: 'GET', path: `/api/v1/invoices?user_id=${seed.readerId}&limit=${String(PAGE_SIZE)}` }),
    bare: (seed) => ({ method: 'GET', path: `/invoices?user_id=${seed.readerId}` }),
  },
  {
    key: 'create-invoice',
    title: 'POST /api/v1/invoices',
    kind: 'write',
    hexabill: (seed) => ({ method: 'POST', path: '/api/v1/invoices', body: JSON.stringify({ user_id: seed.writerId, amount: '12.34' }) }),
    bare: (seed) => ({ method: 'POST', path: '/invoices', body: JSON.stringify({ user_id: seed.writerId, amount: '12.34' }) }),
  },
  {
    key: 'request-payment',
    title: 'POST /api/v1/invoices/{id}/request-payment',
    kind: 'write',
    hexabill: () => ({ method: 'POST', path: (id) => `/api/v1/invoices/${id}/request-payment` }),
    bare: () => ({ method: 'POST', path: (id) => `/invoices/${id}/request-payment` }),
  },
];
