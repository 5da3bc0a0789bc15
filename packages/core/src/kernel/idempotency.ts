import type { Clock } from './clock.js';
import { KernelErrors, type IdempotencyError } from './errors.js';
import type { Principal } from './principal.js';
import { err, ok, type Result } from './result.js';

/** A request's claim on an idempotency key (HTTP `Idempotency-Key`). */
export interface IdempotencyClaim {
  readonly key: string;
  /** A digest of the request; the same key with another request is refused. */
  readonly fingerprint: string;
  readonly ttlSeconds: number;
  /** Told when the result is a replay of the first request's, e.g. to say so in a response header. */
  readonly onReplay?: () => void;
}

export interface IdempotencyKey {
  readonly scope: string;
  readonly key: string;
  readonly fingerprint: string;
}

export interface IdempotencyRecord extends IdempotencyKey {
  readonly state: 'in_progress' | 'completed';
  /** The first request's result, encoded by `encodeStoredResult`; opaque to the store. */
  readonly result: unknown;
  readonly createdAt: Date;
  readonly expiresAt: Date;
}

export type IdempotencyBegin =
  /** First use (or the earlier one expired): go ahead, then `complete`. */
  | { readonly outcome: 'started' }
  /** Completed before with the same request: the stored result. */
  | { readonly outcome: 'replay'; readonly result: unknown }
  /** Used before with a different request. */
  | { readonly outcome: 'mismatch' }
  /** Another request with this key is running right now. */
  | { readonly outcome: 'in_progress' };

/**
 * Port: idempotency keys, bound to a transaction so the key's record and the request's effect
 * commit or roll back together.
 */
export interface IdempotencyStore {
  begin(key: IdempotencyKey, expiresAt: Date): Promise<IdempotencyBegin>;
  complete(key: IdempotencyKey, result: unknown): Promise<void>;
  find(scope: string, key: string): Promise<IdempotencyRecord | null>;
}

/** Keys belong to whoever sent them: another principal's key never replays this one's result. */
export function idempotencyScope(principal: Principal): string {
  return principal.kind === 'user' ? `user:${principal.id}` : principal.kind;
}

const DATE_TAG = '$date';

/** JSON that keeps `Date`s (views carry them), so a replayed result equals the first. */
export function encodeStoredResult(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value === undefined ? null : value, function (this: Record<string, unknown>, key, encoded: unknown) {
      const raw = this[key];
      return raw instanceof Date ? { [DATE_TAG]: raw.toISOString() } : encoded;
    }),
  );
}

export function decodeStoredResult(stored: unknown): unknown {
  return JSON.parse(JSON.stringify(stored), (_key, value: unknown) => {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      const tag = (value as Record<string, unknown>)[DATE_TAG];
      if (typeof tag === 'string' && Object.keys(value).length === 1) return new Date(tag);
    }
    return value;
  });
}

/**
 * Runs `work` at most once per claimed key, inside the caller's transaction: the key's record and
 * the work's effect commit together, and an `Err` rolls both back (so a corrected retry with the
 * key works). Unit-of-work adapters call it; use cases never see it.
 */
export async function runIdempotently<T, E>(
  store: IdempotencyStore,
  clock: Clock,
  options: { readonly idempotency?: IdempotencyClaim; readonly principal?: Principal },
  work: () => Promise<Result<T, E>>,
): Promise<Result<T, E | IdempotencyError>> {
  const claim = options.idempotency;
  if (!claim) return work();
  const key = { scope: idempotencyScope(options.principal ?? { kind: 'system' }), key: claim.key, fingerprint: claim.fingerprint };
  const begun = await store.begin(key, new Date(clock.now().getTime() + claim.ttlSeconds * 1000));
  switch (begun.outcome) {
    case 'replay':
      claim.onReplay?.();
      // The stored value is what this same work returned the first time.
      return ok(decodeStoredResult(begun.result) as T);
    case 'mismatch':
      return err(KernelErrors.idempotencyKeyReused());
    case 'in_progress':
      return err(KernelErrors.idempotencyRequestInProgress());
    case 'started': {
      const result = await work();
      if (result.isOk()) await store.complete(key, encodeStoredResult(result.value));
      return result;
    }
  }
}
