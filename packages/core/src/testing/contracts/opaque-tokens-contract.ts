import { describe, expect, it } from 'vitest';
import type { OpaqueTokens } from '../../users/opaque-tokens.js';

/** What every source of opaque tokens must do: unique tokens, a stable digest that reveals nothing of them. */
export function opaqueTokensContract(name: string, make: () => OpaqueTokens): void {
  describe(`opaque tokens contract: ${name}`, () => {
    it('issues a token with the digest digestOf gives it, and never the same token twice', async () => {
      const tokens = make();
      const issued = await Promise.all(Array.from({ length: 50 }, () => tokens.issue()));
      expect(new Set(issued.map((i) => i.token)).size).toBe(50);
      expect(new Set(issued.map((i) => i.digest)).size).toBe(50);
      for (const { token, digest } of issued.slice(0, 5)) expect(await tokens.digestOf(token)).toBe(digest);
    });

    it('keeps the token out of its digest, and tokens URL-safe', async () => {
      const tokens = make();
      const { token, digest } = await tokens.issue();
      expect(digest).not.toContain(token);
      expect(token).not.toBe(digest);
      expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    });

    it('digests any presented string, an unknown or empty one included, without failing', async () => {
      const tokens = make();
      expect(typeof (await tokens.digestOf(''))).toBe('string');
      expect(await tokens.digestOf('not-issued')).not.toBe(await tokens.digestOf('not-issued-either'));
    });
  });
}
