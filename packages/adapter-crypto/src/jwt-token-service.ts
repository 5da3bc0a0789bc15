import { createHmac, timingSafeEqual } from 'node:crypto';
import {
  isUuid,
  ROLES,
  type AccessToken,
  type AccessTokenSubject,
  type AccessTokenVerifier,
  type Role,
  type TokenIssuer,
} from '@hexabill/core';

export interface JwtSettings {
  /** HS256 key; at least 32 characters. */
  readonly secret: string;
  readonly issuer: string;
  readonly audience: string;
  readonly ttlSeconds: number;
  /** Seconds since the epoch; injectable for tests. */
  readonly now?: () => number;
}

export const MIN_JWT_SECRET_LENGTH = 32;
const MAX_TOKEN_LENGTH = 4_096;
/** Verified tokens remembered (a client sends the same token with every request until it expires). */
const VERIFIED_CACHE_SIZE = 2_000;
const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

/** Decodes one base64url segment, refusing anything that is not its canonical encoding. */
function decodeSegment(segment: string): Buffer | null {
  if (!/^[A-Za-z0-9_-]+$/.test(segment)) return null;
  const bytes = Buffer.from(segment, 'base64url');
  return bytes.toString('base64url') === segment ? bytes : null;
}

function parseObject(bytes: Buffer | null): Record<string, unknown> | null {
  if (!bytes) return null;
  try {
    const value: unknown = JSON.parse(bytes.toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * Issues and verifies HS256 access tokens (RFC 7519) with node:crypto's HMAC — synchronous, no
 * thread-pool hop per request; a token that verified is remembered until it expires (the same token
 * comes with every request of a client), so the work is done once per token, not per request.
 * Verification accepts exactly `alg: HS256` (so `none` and algorithm swaps fail), compares
 * signatures in constant time, and checks `exp` (required), `nbf`, `iat`, `iss` and `aud`; the
 * subject must be a user id and the role one we know. Private claims: `sv`,
 * the user's session version at issue (a positive integer), and `sid`, the session (a UUID).
 */
export class JwtTokenService implements TokenIssuer, AccessTokenVerifier {
  readonly #now: () => number;
  readonly #secret: Buffer;
  /** token → what it verified to and until when; only tokens that verified are kept, oldest evicted first. */
  readonly #verified = new Map<string, { readonly subject: AccessTokenSubject; readonly exp: number }>();

  constructor(private readonly settings: JwtSettings) {
    if (settings.secret.length < MIN_JWT_SECRET_LENGTH) {
      throw new Error(`The JWT secret must be at least ${MIN_JWT_SECRET_LENGTH} characters long.`);
    }
    this.#secret = Buffer.from(settings.secret, 'utf8');
    this.#now = settings.now ?? (() => Math.floor(Date.now() / 1000));
  }

  issue(subject: AccessTokenSubject): Promise<AccessToken> {
    const iat = this.#now();
    const payload = Buffer.from(
      JSON.stringify({
        sub: subject.userId,
        role: subject.role,
        sv: subject.sessionVersion,
        sid: subject.sessionId,
        iss: this.settings.issuer,
        aud: this.settings.audience,
        iat,
        nbf: iat,
        exp: iat + this.settings.ttlSeconds,
      }),
    ).toString('base64url');
    const signingInput = `${HEADER}.${payload}`;
    return Promise.resolve({
      accessToken: `${signingInput}.${this.#sign(signingInput).toString('base64url')}`,
      tokenType: 'Bearer',
      expiresIn: this.settings.ttlSeconds,
    });
  }

  verify(token: string): Promise<AccessTokenSubject | null> {
    const known = this.#verified.get(token);
    if (known) {
      if (this.#now() < known.exp) return Promise.resolve(known.subject);
      this.#verified.delete(token);
      return Promise.resolve(null);
    }
    const verified = this.#verify(token);
    if (!verified) return Promise.resolve(null);
    if (this.#verified.size >= VERIFIED_CACHE_SIZE) {
      const oldest = this.#verified.keys().next();
      if (!oldest.done) this.#verified.delete(oldest.value);
    }
    this.#verified.set(token, verified);
    return Promise.resolve(verified.subject);
  }

  #sign(input: string): Buffer {
    return createHmac('sha256', this.#secret).update(input).digest();
  }

  #verify(token: string): { subject: AccessTokenSubject; exp: number } | null {
    if (token.length > MAX_TOKEN_LENGTH) return null;
    const parts = token.split('.');
    if (parts.length !== 3) return null;
    const [headerPart = '', payloadPart = '', signaturePart = ''] = parts;

    const header = parseObject(decodeSegment(headerPart));
    if (header?.alg !== 'HS256' || (header.typ !== undefined && header.typ !== 'JWT')) return null;
    const signature = decodeSegment(signaturePart);
    const expected = this.#sign(`${headerPart}.${payloadPart}`);
    if (!signature || signature.length !== expected.length || !timingSafeEqual(signature, expected)) return null;

    const claims = parseObject(decodeSegment(payloadPart));
    if (!claims) return null;
    const now = this.#now();
    const { exp, nbf, iat, iss, aud, sub, role, sv, sid } = claims;
    if (typeof exp !== 'number' || now >= exp) return null;
    if (nbf !== undefined && (typeof nbf !== 'number' || now < nbf)) return null;
    if (iat !== undefined && (typeof iat !== 'number' || iat > now + 60)) return null;
    if (iss !== this.settings.issuer) return null;
    const audiences = Array.isArray(aud) ? aud : [aud];
    if (!audiences.includes(this.settings.audience)) return null;
    if (typeof sub !== 'string' || !isUuid(sub)) return null;
    if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) return null;
    if (typeof sv !== 'number' || !Number.isSafeInteger(sv) || sv < 1) return null;
    if (typeof sid !== 'string' || !isUuid(sid)) return null;
    // `nbf` cannot lie in the future here, so only `exp` bounds how long the answer holds.
    return { subject: { userId: sub, role: role as Role, sessionVersion: sv, sessionId: sid }, exp };
  }
}
