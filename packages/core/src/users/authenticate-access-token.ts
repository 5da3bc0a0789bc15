import { KernelErrors, type Unauthenticated } from '../kernel/errors.js';
import type { Principal } from '../kernel/principal.js';
import { err, ok, type Result } from '../kernel/result.js';
import type { AccessTokenVerifier } from './access-tokens.js';
import type { SessionVersions } from './session-versions.js';

/**
 * Turns a bearer access token into the principal it speaks for, on every authenticated request.
 * A token is refused when it is not genuine or has expired (the verifier), and also when the
 * user's sessions changed after it was issued — password or role changed, signed out everywhere,
 * account deleted — which the session version tells at the cost of a cache lookup.
 */
export class AuthenticateAccessToken {
  constructor(private readonly deps: { readonly verifier: AccessTokenVerifier; readonly sessions: SessionVersions }) {}

  async execute(input: { readonly token: string }): Promise<Result<Principal, Unauthenticated>> {
    const subject = await this.deps.verifier.verify(input.token);
    if (!subject) return err(KernelErrors.unauthenticated());
    const current = await this.deps.sessions.current(subject.userId);
    if (current !== subject.sessionVersion) return err(KernelErrors.unauthenticated());
    return ok({ kind: 'user', id: subject.userId, role: subject.role, sessionId: subject.sessionId });
  }
}
