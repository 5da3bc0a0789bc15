import { createHash } from 'node:crypto';
import type { IdempotencyRequest, InvoiceView, StoredResponse } from '@hexabill/core';
import type { Context } from 'hono';
import type { AppEnv } from './app-env.js';

/** JSON with object keys sorted, so the same body always gives the same fingerprint. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return value === undefined ? 'null' : JSON.stringify(value);
}

/**
 * The idempotency request for this call, when it carries an `Idempotency-Key`: the key, a
 * fingerprint of method, path and body, and how to present the answer so a retry gets it verbatim.
 */
export function idempotencyRequest(
  c: Context<AppEnv>,
  body: unknown,
  ttlSeconds: number,
  present: (view: InvoiceView) => StoredResponse,
): IdempotencyRequest<InvoiceView> | undefined {
  const key = c.req.header('idempotency-key');
  if (key === undefined) return undefined;
  const fingerprint = createHash('sha256')
    .update(`${c.req.method} ${c.req.path}\n${canonical(body)}`)
    .digest('hex');
  return { key, fingerprint, ttlSeconds, present };
}

export const REPLAY_HEADER = 'Idempotent-Replayed';
