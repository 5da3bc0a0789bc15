import { createHash } from 'node:crypto';
import type { IdempotencyClaim } from '@hexabill/core';
import type { Context } from 'hono';
import type { AppEnv } from './app-env.js';

export const REPLAY_HEADER = 'Idempotent-Replayed';

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
 * The request's claim on its `Idempotency-Key`, if it sent one: the key and a fingerprint of
 * method, path and body. A replayed answer says so in a header.
 */
export function idempotencyClaim(c: Context<AppEnv>, body: unknown, ttlSeconds: number): IdempotencyClaim | undefined {
  const key = c.req.header('idempotency-key');
  if (key === undefined) return undefined;
  const fingerprint = createHash('sha256')
    .update(`${c.req.method} ${c.req.path}\n${canonical(body)}`)
    .digest('hex');
  return {
    key,
    fingerprint,
    ttlSeconds,
    onReplay: () => {
      c.get('responseHeaders')[REPLAY_HEADER] = 'true';
    },
  };
}
