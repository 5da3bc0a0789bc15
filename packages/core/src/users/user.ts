import { AggregateRoot } from '../kernel/aggregate-root.js';
import type { Email } from '../kernel/email.js';
import type { Role } from '../kernel/principal.js';
import { err, ok, type Result } from '../kernel/result.js';
import { USER_EVENTS, type UserChanges } from './user-events.js';

export const NAME_MAX_LENGTH = 255;
export const AGE_MAX = 150;
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

export function parseName(input: string): Result<string, string> {
  const name = input.trim();
  if (name.length === 0) return err('must not be blank');
  if (name.length > NAME_MAX_LENGTH) return err(`must be at most ${NAME_MAX_LENGTH} characters`);
  return ok(name);
}

export function parseAge(input: number | null): Result<number | null, string> {
  if (input === null) return ok(null);
  return Number.isInteger(input) && input >= 0 && input <= AGE_MAX ? ok(input) : err(`must be a whole number from 0 to ${AGE_MAX}`);
}

export function parsePassword(input: string): Result<string, string> {
  if (input.length < PASSWORD_MIN_LENGTH) return err(`must be at least ${PASSWORD_MIN_LENGTH} characters`);
  if (input.length > PASSWORD_MAX_LENGTH) return err(`must be at most ${PASSWORD_MAX_LENGTH} characters`);
  return ok(input);
}

/** The stored form of a user. `passwordHash` never leaves the core's use cases in a view. */
export interface UserSnapshot {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly age: number | null;
  readonly role: Role;
  readonly passwordHash: string;
  /**
   * Goes up whenever every access token issued before must stop working (password or role change,
   * sign-out everywhere). Access tokens carry the version they were issued at.
   */
  readonly sessionVersion: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly version: number;
}

/** What a user looks like to callers: everything but the password hash and the session version. */
export type UserView = Omit<UserSnapshot, 'passwordHash' | 'sessionVersion'>;

export interface UserUpdate {
  readonly name?: string;
  readonly age?: number | null;
  readonly email?: Email;
}

type UserState = Omit<UserSnapshot, 'version'>;

export class User extends AggregateRoot<typeof USER_EVENTS> {
  private constructor(
    private state: UserState,
    version: number,
  ) {
    super(USER_EVENTS, version);
  }

  static register(props: {
    id: string;
    email: Email;
    name: string;
    age: number | null;
    role: Role;
    passwordHash: string;
    now: Date;
  }): User {
    const { email, now, ...rest } = props;
    const user = new User({ ...rest, email: email.value, sessionVersion: 1, createdAt: now, updatedAt: now }, 1);
    user.raise('user.created', { user_id: user.id, email: email.value, name: props.name });
    return user;
  }

  static restore(snapshot: UserSnapshot): User {
    const { version, ...state } = snapshot;
    return new User(state, version);
  }

  get id(): string {
    return this.state.id;
  }
  get email(): string {
    return this.state.email;
  }
  get role(): Role {
    return this.state.role;
  }
  get passwordHash(): string {
    return this.state.passwordHash;
  }
  get sessionVersion(): number {
    return this.state.sessionVersion;
  }

  /** Applies what differs and records `user.updated` with the diff; returns false when nothing did. */
  update(update: UserUpdate, now: Date): boolean {
    const changes: { -readonly [K in keyof UserChanges]: UserChanges[K] } = {};
    if (update.name !== undefined && update.name !== this.state.name) {
      changes.name = { old: this.state.name, new: update.name };
    }
    if (update.age !== undefined && update.age !== this.state.age) {
      changes.age = { old: this.state.age, new: update.age };
    }
    if (update.email !== undefined && update.email.value !== this.state.email) {
      changes.email = { old: this.state.email, new: update.email.value };
    }
    if (Object.keys(changes).length === 0) return false;

    this.state = {
      ...this.state,
      name: changes.name?.new ?? this.state.name,
      age: changes.age ? changes.age.new : this.state.age,
      email: changes.email?.new ?? this.state.email,
      updatedAt: now,
    };
    this.raise('user.updated', { user_id: this.id, changes });
    return true;
  }

  /** Sets a new password hash; every access token issued before stops working. */
  changePassword(passwordHash: string, reason: 'changed' | 'reset', now: Date): void {
    this.state = { ...this.state, passwordHash, sessionVersion: this.state.sessionVersion + 1, updatedAt: now };
    this.raise('user.password_changed', { user_id: this.id, reason });
  }

  /** Gives the user another role; their access tokens (which name the old one) stop working. False when it is the same. */
  changeRole(role: Role, now: Date): boolean {
    if (role === this.state.role) return false;
    const oldRole = this.state.role;
    this.state = { ...this.state, role, sessionVersion: this.state.sessionVersion + 1, updatedAt: now };
    this.raise('user.role_changed', { user_id: this.id, old_role: oldRole, new_role: role });
    return true;
  }

  /** Ends every session: access tokens issued before stop working (the refresh tokens are revoked by the use case). */
  signOutEverywhere(): void {
    this.state = { ...this.state, sessionVersion: this.state.sessionVersion + 1 };
    this.raise('user.signed_out_everywhere', { user_id: this.id });
  }

  /** Records that the holder ended one session. */
  recordSignOut(sessionId: string): void {
    this.raise('user.signed_out', { user_id: this.id, session_id: sessionId });
  }

  /**
   * Records that a spent refresh token of the session came back, so the session was revoked as
   * stolen. Every access token of the user stops working too — the thief's among them; the
   * user's other sessions renew theirs with their refresh tokens.
   */
  recordRefreshTokenReuse(sessionId: string): void {
    this.state = { ...this.state, sessionVersion: this.state.sessionVersion + 1 };
    this.raise('user.refresh_token_reused', { user_id: this.id, session_id: sessionId });
  }

  /** Records the deletion; the repository removes the row. */
  delete(deletedInvoiceIds: readonly string[]): void {
    this.raise('user.deleted', { user_id: this.id, deleted_invoice_ids: [...deletedInvoiceIds] });
  }

  toSnapshot(): UserSnapshot {
    return { ...this.state, version: this.version };
  }

  // Field by field, not by rest-and-spread: this runs for every user an API answer holds, and the
  // compiler still refuses a view that misses a field of UserView.
  toView(): UserView {
    const s = this.state;
    return {
      id: s.id,
      email: s.email,
      name: s.name,
      age: s.age,
      role: s.role,
      createdAt: s.createdAt,
      updatedAt: s.updatedAt,
      version: this.version,
    };
  }
}
