/** The few calls of hexabill's public HTTP API the bench needs to set up its data. */

export const BENCH_PASSWORD = 'bench-password-long-enough';

async function expectStatus(response: Response, status: number, what: string): Promise<unknown> {
  const text = await response.text();
  if (response.status !== status)
    throw new Error(`${what}: expected ${String(status)}, got ${String(response.status)}: ${text.slice(0, 500)}`);
  return text ? (JSON.parse(text) as unknown) : undefined;
}

/** POST /api/v1/users; returns the new user's id. */
export async function registerUser(origin: string, email: string, name: string): Promise<string> {
  const response = await fetch(`${origin}/api/v1/users`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, name, password: BENCH_PASSWORD }),
  });
  const body = (await expectStatus(response, 201, `register ${email}`)) as { id: string };
  return body.id;
}

export interface AccessToken {
  readonly token: string;
  readonly expiresInSeconds: number;
}

/** POST /api/v1/auth/token. */
export async function signIn(origin: string, email: string, password = BENCH_PASSWORD): Promise<AccessToken> {
  const response = await fetch(`${origin}/api/v1/auth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const body = (await expectStatus(response, 200, `sign in ${email}`)) as { access_token: string; expires_in: number };
  return { token: body.access_token, expiresInSeconds: body.expires_in };
}

/**
 * An access token that is signed in again once half its lifetime is gone, so a long bench never
 * sends an expired one, while staying far below the sign-in rate limit.
 */
export class TokenKeeper {
  #current: { token: AccessToken; at: number } | undefined;

  constructor(private readonly email: string) {}

  async bearer(origin: string): Promise<Record<string, string>> {
    const now = Date.now();
    if (!this.#current || now - this.#current.at > (this.#current.token.expiresInSeconds * 1000) / 2) {
      this.#current = { token: await signIn(origin, this.email), at: now };
    }
    return { Authorization: `Bearer ${this.#current.token.token}` };
  }
}

/** How long a failed sign-in takes, ms: the API must not tell an unknown email from a wrong password by time. */
export async function failedSignInMs(origin: string, email: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${origin}/api/v1/auth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password: 'not-the-password-at-all' }),
  });
  await response.text();
  const elapsed = performance.now() - started;
  if (response.status !== 401) throw new Error(`failed sign-in for ${email}: expected 401, got ${String(response.status)}`);
  return elapsed;
}
