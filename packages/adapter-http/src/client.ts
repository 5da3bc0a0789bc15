import { hc, type ClientRequestOptions } from 'hono/client';
import type { HexabillApi } from './api-routes.js';

/**
 * A typed client of the hexabill API for TypeScript callers, from the routes' own contracts: every
 * path, parameter, body and answer is checked by the compiler, e.g.
 *
 * ```ts
 * const api = createHexabillClient('https://billing.example.com', { headers: { Authorization: `Bearer ${token}` } });
 * const res = await api.api.v1.invoices.$post({ json: { user_id: id, amount: '12.00' } });
 * if (res.status === 201) console.log((await res.json()).status);
 * ```
 *
 * At run time it is Hono's small `hc` proxy over `fetch`: importing it loads no server code.
 */
export function createHexabillClient(baseUrl: string, options?: ClientRequestOptions): ReturnType<typeof hc<HexabillApi>> {
  return hc<HexabillApi>(baseUrl, options);
}

export type { HexabillApi };
