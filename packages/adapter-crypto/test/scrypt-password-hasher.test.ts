import { passwordHasherContract } from '@hexabill/core/testing/contracts';
import { describe, expect, it } from 'vitest';
import { OWASP_SCRYPT, ScryptPasswordHasher } from '../src/index.js';

// Low cost keeps the contract fast; the stored parameters are what verification uses.
passwordHasherContract('scrypt', () => new ScryptPasswordHasher({ log2N: 10, r: 8, p: 1 }));

describe('ScryptPasswordHasher', () => {
  it('uses the OWASP parameters by default and records them in the hash', async () => {
    expect(OWASP_SCRYPT).toEqual({ log2N: 17, r: 8, p: 1 });
    const hash = await new ScryptPasswordHasher().hash('a-long-password');
    expect(hash).toMatch(/^\$scrypt\$ln=17,r=8,p=1\$[A-Za-z0-9+/]+=*\$[A-Za-z0-9+/]+=*$/);
    expect(await new ScryptPasswordHasher({ log2N: 10, r: 8, p: 1 }).verify('a-long-password', hash)).toBe(true);
  });

  it('salts every hash', async () => {
    const hasher = new ScryptPasswordHasher({ log2N: 10, r: 8, p: 1 });
    expect(await hasher.hash('same')).not.toBe(await hasher.hash('same'));
  });

  it('refuses hashes whose parameters would make verification a denial of service', async () => {
    const hasher = new ScryptPasswordHasher({ log2N: 10, r: 8, p: 1 });
    expect(await hasher.verify('x', '$scrypt$ln=30,r=8,p=1$c2FsdA==$a2V5')).toBe(false);
  });
});
