import { createHash, randomBytes } from 'node:crypto';
import type { OpaqueToken, OpaqueTokens } from '@hexabill/core';

/** 256 bits: far beyond guessing, so the digest needs no salt or stretching. */
const TOKEN_BYTES = 32;

/**
 * Opaque tokens from the operating system's CSPRNG (32 bytes, base64url: 43 URL-safe characters),
 * stored as their SHA-256 (hex). A token this random cannot be found from its digest, and the same
 * token always has the same digest, so a presented token finds its row with one indexed lookup.
 */
export class Sha256OpaqueTokens implements OpaqueTokens {
  issue(): Promise<OpaqueToken> {
    const token = randomBytes(TOKEN_BYTES).toString('base64url');
    return Promise.resolve({ token, digest: digest(token) });
  }

  digestOf(token: string): Promise<string> {
    return Promise.resolve(digest(token));
  }
}

function digest(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
