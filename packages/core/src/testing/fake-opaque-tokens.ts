import type { OpaqueToken, OpaqueTokens } from '../users/opaque-tokens.js';

/** Readable, unique tokens (`opaque-1`, `opaque-2`, …) and a digest that does not contain them; never use outside tests. */
export class FakeOpaqueTokens implements OpaqueTokens {
  #sequence = 0;
  /** Every token issued, in order, so a test can present one (as a client that got it would). */
  readonly issued: string[] = [];

  issue(): Promise<OpaqueToken> {
    this.#sequence += 1;
    const token = `opaque-${String(this.#sequence)}`;
    this.issued.push(token);
    return Promise.resolve({ token, digest: fakeDigest(token) });
  }

  digestOf(token: string): Promise<string> {
    return Promise.resolve(fakeDigest(token));
  }
}

/** One-to-one and free of the token's own text: its characters as hex, reversed. */
function fakeDigest(token: string): string {
  return `fake-digest:${Array.from(token, (c) => (c.codePointAt(0) ?? 0).toString(16).padStart(2, '0'))
    .reverse()
    .join('')}`;
}
