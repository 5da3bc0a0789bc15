import { AggregateRoot } from '../kernel/aggregate-root.js';
import { err, ok, type Result } from '../kernel/result.js';
import { PASSWORD_RESET_EVENTS } from './password-reset-events.js';
import { UserErrors, type PasswordResetTokenInvalid } from './user-errors.js';

export interface PasswordResetSnapshot {
  readonly id: string;
  /** Null when no account has the address asked for: the request is recorded all the same. */
  readonly userId: string | null;
  /** The digest of the token e-mailed to the user; null until the e-mail goes out. */
  readonly tokenDigest: string | null;
  readonly requestedAt: Date;
  readonly expiresAt: Date;
  readonly usedAt: Date | null;
  readonly version: number;
}

/**
 * One "I forgot my password" request. It is recorded the same way whether or not the address
 * belongs to an account, so the answer and its timing tell nothing. A consumer later issues the
 * single-use token (only its digest is kept) and e-mails it; redeeming it sets a new password.
 */
export class PasswordReset extends AggregateRoot<typeof PASSWORD_RESET_EVENTS> {
  private constructor(
    private state: Omit<PasswordResetSnapshot, 'version'>,
    version: number,
  ) {
    super(PASSWORD_RESET_EVENTS, version);
  }

  static request(props: { id: string; userId: string | null; now: Date; ttlSeconds: number }): PasswordReset {
    const { id, userId, now, ttlSeconds } = props;
    const reset = new PasswordReset(
      { id, userId, tokenDigest: null, requestedAt: now, expiresAt: new Date(now.getTime() + ttlSeconds * 1000), usedAt: null },
      1,
    );
    reset.raise('password_reset.requested', { reset_id: id });
    return reset;
  }

  static restore(snapshot: PasswordResetSnapshot): PasswordReset {
    const { version, ...state } = snapshot;
    return new PasswordReset(state, version);
  }

  get id(): string {
    return this.state.id;
  }
  get userId(): string | null {
    return this.state.userId;
  }
  get expiresAt(): Date {
    return this.state.expiresAt;
  }

  /** Whether a token should be e-mailed now: there is an account, none was issued, and time is left. */
  awaitsToken(now: Date): boolean {
    return this.state.userId !== null && this.state.tokenDigest === null && this.state.usedAt === null && now < this.state.expiresAt;
  }

  /** Keeps the digest of the token about to be e-mailed. */
  issueToken(digest: string): void {
    if (this.state.tokenDigest !== null) throw new Error(`password reset ${this.id} already has a token`);
    this.state = { ...this.state, tokenDigest: digest };
  }

  /** Spends the token: once, before it expires. */
  redeem(now: Date): Result<string, PasswordResetTokenInvalid> {
    const { userId, tokenDigest, usedAt, expiresAt } = this.state;
    if (userId === null || tokenDigest === null || usedAt !== null || now >= expiresAt) return err(UserErrors.passwordResetTokenInvalid());
    this.state = { ...this.state, usedAt: now };
    return ok(userId);
  }

  toSnapshot(): PasswordResetSnapshot {
    return { ...this.state, version: this.version };
  }
}
