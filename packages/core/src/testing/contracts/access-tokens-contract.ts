import { describe, expect, it } from 'vitest';
import type { AccessTokenSubject, AccessTokenVerifier, TokenIssuer } from '../../users/access-tokens.js';

const SUBJECT: AccessTokenSubject = {
  userId: '00000000-0000-7000-8000-000000000001',
  role: 'user',
  sessionVersion: 3,
  sessionId: '00000000-0000-7000-8000-0000000000a1',
};

/** What every access-token implementation must do: what it issues verifies to the same subject, nothing else does. */
export function accessTokensContract(name: string, make: () => TokenIssuer & AccessTokenVerifier): void {
  describe(`access tokens contract: ${name}`, () => {
    it.each(['user', 'admin'] as const)('verifies a token it issued for a %s to that subject, session included', async (role) => {
      const tokens = make();
      const issued = await tokens.issue({ ...SUBJECT, role });
      expect(issued.tokenType).toBe('Bearer');
      expect(issued.expiresIn).toBeGreaterThan(0);
      expect(await tokens.verify(issued.accessToken)).toEqual({ ...SUBJECT, role });
    });

    it('refuses garbage, an empty token and a token changed after issue', async () => {
      const tokens = make();
      const { accessToken } = await tokens.issue(SUBJECT);
      const changed = accessToken.replace('user', 'admin');
      expect(await tokens.verify('not-a-token')).toBeNull();
      expect(await tokens.verify('')).toBeNull();
      if (changed !== accessToken) expect(await tokens.verify(changed)).not.toEqual({ ...SUBJECT, role: 'admin' });
    });
  });
}
