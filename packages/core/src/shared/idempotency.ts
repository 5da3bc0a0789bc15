/**
 * Port: idempotency keys (HTTP `Idempotency-Key`), bound to a transaction so the key's record and
 * the request's effect commit or roll back together.
 */
export interface IdempotencyKey {
  /** Whose key it is (a principal), so nobody replays another's response. */
  readonly scope: string;
  readonly key: string;
  /** A digest of the request; the same key with another request is refused. */
  readonly fingerprint: string;
}

export interface StoredResponse {
  readonly status: number;
  readonly body: unknown;
}

export interface IdempotencyRecord {
  readonly scope: string;
  readonly key: string;
  readonly fingerprint: string;
  readonly state: 'in_progress' | 'completed';
  readonly response: StoredResponse | null;
  readonly createdAt: Date;
  readonly expiresAt: Date;
}

export type IdempotencyBegin =
  /** First use (or the earlier one expired): go ahead, then `complete`. */
  | { readonly outcome: 'started' }
  /** Completed before with the same request: answer with the stored response. */
  | { readonly outcome: 'replay'; readonly response: StoredResponse }
  /** Used before with a different request. */
  | { readonly outcome: 'mismatch' }
  /** Another request with this key is running right now. */
  | { readonly outcome: 'in_progress' };

export interface IdempotencyStore {
  begin(key: IdempotencyKey, expiresAt: Date): Promise<IdempotencyBegin>;
  complete(key: IdempotencyKey, response: StoredResponse): Promise<void>;
  find(scope: string, key: string): Promise<IdempotencyRecord | null>;
}

/** Housekeeping outside any request. */
export interface IdempotencyKeyCleaner {
  /** Deletes keys that expired before `now`; returns how many. */
  deleteExpired(now: Date): Promise<number>;
}
