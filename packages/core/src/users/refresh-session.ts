import type { Clock } from '../kernel/clock.js';
import { KernelErrors, type ConcurrencyConflict } from '../kernel/errors.js';
import type { RequestContext } from '../kernel/request-context.js';
import { err, ok, type Result } from '../kernel/result.js';
import { retryOnConflict } from '../kernel/retry-on-conflict.js';
import { refreshTokenState, type RefreshToken } from './refresh-token.js';
import { issueSessionTokens, type SessionTokenDependencies, type SessionTokens } from './session-tokens.js';
import type { SessionVersions } from './session-versions.js';
import { UserErrors, type InvalidRefreshToken } from './user-errors.js';
import type { UsersTransaction, UsersUnitOfWork } from './users-transaction.js';

type Outcome =
  | { readonly kind: 'rotated'; readonly tokens: SessionTokens }
  | { readonly kind: 'refused' }
  | { readonly kind: 'reused'; readonly userId: string };

/**
 * Rotates a refresh token: the presented one is spent and a new pair comes back, in the same
 * session. A token presented after it was spent means two parties hold the session — the thief or
 * the owner, we cannot tell — so the whole session is revoked, every access token of the user is
 * refused from then on (the other sessions renew theirs), and the answer is the same 401 as for an
 * unknown token (RFC 9700 §4.14.2). Two requests racing with one token count as reuse too.
 */
export class RefreshSession {
  constructor(
    private readonly deps: SessionTokenDependencies & {
      readonly uow: UsersUnitOfWork;
      readonly clock: Clock;
      readonly sessions: SessionVersions;
    },
  ) {}

  async execute(
    input: { readonly refreshToken: string },
    ctx: RequestContext,
  ): Promise<Result<SessionTokens, InvalidRefreshToken | ConcurrencyConflict>> {
    const digest = await this.deps.opaqueTokens.digestOf(input.refreshToken);
    const options = ctx.correlationId === undefined ? {} : { correlationId: ctx.correlationId };
    const outcome = await retryOnConflict(() =>
      this.deps.uow.transaction(async (tx): Promise<Result<Outcome, ConcurrencyConflict>> => {
        const presented = await tx.refreshTokens.findByDigest(digest);
        const now = this.deps.clock.now();
        if (!presented) return ok({ kind: 'refused' });
        const state = refreshTokenState(presented, now);
        if (state === 'used') return this.revokeStolen(tx, presented, now);
        if (state !== 'active') return ok({ kind: 'refused' });
        const user = await tx.users.findById(presented.userId);
        if (!user) return ok({ kind: 'refused' });
        // Another request spent it between our read and now: the same token twice.
        if (!(await tx.refreshTokens.markUsed(presented.id, now))) return this.revokeStolen(tx, presented, now);
        const family = { id: presented.familyId, expiresAt: presented.familyExpiresAt };
        return ok({ kind: 'rotated', tokens: await issueSessionTokens(this.deps, tx.refreshTokens, user, now, family) });
      }, options),
    );
    if (outcome.isErr()) return err(outcome.error);
    switch (outcome.value.kind) {
      case 'rotated':
        return ok(outcome.value.tokens);
      case 'reused':
        this.deps.sessions.forget(outcome.value.userId);
        return err(UserErrors.invalidRefreshToken());
      case 'refused':
        return err(UserErrors.invalidRefreshToken());
    }
  }

  /** Commits the revocation (the answer is still a refusal, so this is `Ok` for the transaction). */
  private async revokeStolen(tx: UsersTransaction, token: RefreshToken, now: Date): Promise<Result<Outcome, ConcurrencyConflict>> {
    await tx.refreshTokens.revokeFamily(token.familyId, now);
    const user = await tx.users.findById(token.userId);
    if (!user) return ok({ kind: 'refused' });
    user.recordRefreshTokenReuse(token.familyId);
    const saved = await tx.users.save(user);
    // The email is unchanged, so a concurrent write is the only way the save can fail.
    if (saved.isErr()) return err(KernelErrors.concurrencyConflict('User', user.id));
    return ok({ kind: 'reused', userId: user.id });
  }
}
