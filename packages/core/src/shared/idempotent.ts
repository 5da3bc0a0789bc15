import type { Clock } from './clock.js';
import { DomainErrors, type IdempotencyKeyReused, type IdempotencyRequestInProgress } from './domain-error.js';
import type { IdempotencyStore, StoredResponse } from './idempotency.js';
import type { Principal } from './principal.js';
import { err, ok, type Result } from './result.js';

/** What a caller (the HTTP adapter) asks for when a request carries an idempotency key. */
export interface IdempotencyRequest<T> {
  readonly key: string;
  /** A digest of the request (method, path, body); the same key with another request is refused. */
  readonly fingerprint: string;
  readonly ttlSeconds: number;
  /** How the caller will answer with the value; stored so a retry gets the very same answer. */
  present(value: T): StoredResponse;
}

/** A fresh result, or the stored answer of the earlier request with the same key. */
export type Idempotent<T> = { readonly kind: 'fresh'; readonly value: T } | { readonly kind: 'replay'; readonly response: StoredResponse };

export type IdempotencyError = IdempotencyKeyReused | IdempotencyRequestInProgress;

/** Keys belong to whoever sent them: another principal's key never replays this one's answer. */
export function idempotencyScope(principal: Principal): string {
  return principal.kind === 'user' ? `user:${principal.id}` : principal.kind;
}

/**
 * Runs `effect` at most once per key, inside the caller's transaction: the key's record and the
 * effect commit together, and an `Err` rolls both back (so a corrected retry with the key works).
 */
export async function runIdempotently<T, E>(
  store: IdempotencyStore,
  clock: Clock,
  principal: Principal,
  request: IdempotencyRequest<T> | undefined,
  effect: () => Promise<Result<T, E>>,
): Promise<Result<Idempotent<T>, E | IdempotencyError>> {
  if (!request) return (await effect()).map((value) => ({ kind: 'fresh' as const, value }));
  const key = { scope: idempotencyScope(principal), key: request.key, fingerprint: request.fingerprint };
  const begun = await store.begin(key, new Date(clock.now().getTime() + request.ttlSeconds * 1000));
  switch (begun.outcome) {
    case 'replay':
      return ok({ kind: 'replay', response: begun.response });
    case 'mismatch':
      return err(DomainErrors.idempotencyKeyReused());
    case 'in_progress':
      return err(DomainErrors.idempotencyRequestInProgress());
    case 'started': {
      const result = await effect();
      if (result.isErr()) return err(result.error);
      await store.complete(key, request.present(result.value));
      return ok({ kind: 'fresh', value: result.value });
    }
  }
}

/** The value of a run without an idempotency request, which is always fresh. */
export function freshValue<T, E>(result: Result<Idempotent<T>, E>): Result<T, E> {
  return result.andThen((outcome) => {
    if (outcome.kind === 'fresh') return ok(outcome.value);
    throw new Error('a run without an idempotency key cannot be a replay');
  });
}
