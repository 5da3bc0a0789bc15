/** A bearer secret as issued, and the one-way digest that is stored in its place. */
export interface OpaqueToken {
  /** Handed to the client once; never stored, logged or put in an event. */
  readonly token: string;
  readonly digest: string;
}

/**
 * Port: unguessable opaque secrets (refresh tokens, password-reset tokens) and their digests. Only
 * the digest is stored, so a leaked table holds nothing a client could present. The secrets are
 * random and long, so a fast one-way hash suffices (no salt, no stretching), and the digest of a
 * presented token finds its row by equality.
 */
export interface OpaqueTokens {
  issue(): Promise<OpaqueToken>;
  digestOf(token: string): Promise<string>;
}
