import { describe, expect, it } from 'vitest';
import type { PasswordHasher } from '../../users/password-hasher.js';

/** What every password hasher must do. */
export function passwordHasherContract(name: string, makeHasher: () => PasswordHasher): void {
  describe(`password hasher contract: ${name}`, () => {
    it('verifies the password it hashed and nothing else', async () => {
      const hasher = makeHasher();
      const hash = await hasher.hash('correct horse battery staple');
      expect(hash).not.toContain('correct horse battery staple');
      expect(await hasher.verify('correct horse battery staple', hash)).toBe(true);
      expect(await hasher.verify('correct horse battery stapl', hash)).toBe(false);
      expect(await hasher.verify('', hash)).toBe(false);
    });

    it('answers false, not an exception, for a malformed hash', async () => {
      const hasher = makeHasher();
      expect(await hasher.verify('anything', 'not-a-hash')).toBe(false);
    });
  });
}
