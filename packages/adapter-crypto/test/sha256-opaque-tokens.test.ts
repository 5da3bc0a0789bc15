import { createHash } from 'node:crypto';
import { opaqueTokensContract } from '@hexabill/core/testing/contracts';
import { describe, expect, it } from 'vitest';
import { Sha256OpaqueTokens } from '../src/index.js';

opaqueTokensContract('SHA-256 over CSPRNG bytes', () => new Sha256OpaqueTokens());

describe('Sha256OpaqueTokens', () => {
  it('issues 256-bit base64url tokens and stores their SHA-256, as any SHA-256 computes it', async () => {
    const { token, digest } = await new Sha256OpaqueTokens().issue();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(digest).toBe(createHash('sha256').update(token).digest('hex'));
  });
});
