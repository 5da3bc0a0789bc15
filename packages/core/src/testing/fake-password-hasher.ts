import type { PasswordHasher } from '../users/password-hasher.js';

/** The hash the fake hasher makes: cheap and deterministic, so builders can use it too. */
export function fakeHash(password: string): string {
  return `fake-hash$${Array.from(password, (c) => (c.codePointAt(0) ?? 0).toString(16)).join('.')}`;
}

/** Fast and deterministic on purpose: never use outside tests. */
export class FakePasswordHasher implements PasswordHasher {
  hash(password: string): Promise<string> {
    return Promise.resolve(fakeHash(password));
  }

  verify(password: string, hash: string): Promise<boolean> {
    return Promise.resolve(hash === fakeHash(password));
  }
}
