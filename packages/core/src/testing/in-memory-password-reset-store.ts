import { KernelErrors, type ConcurrencyConflict } from '../kernel/errors.js';
import { err, ok, type Result } from '../kernel/result.js';
import { PasswordReset } from '../users/password-reset.js';
import type { PasswordResetStore } from '../users/password-reset-store.js';
import type { Tables } from './in-memory-database.js';

export class InMemoryPasswordResetStore implements PasswordResetStore {
  constructor(private readonly tables: Tables) {}

  findById(id: string): Promise<PasswordReset | null> {
    const snapshot = this.tables.passwordResets.get(id);
    return Promise.resolve(snapshot ? PasswordReset.restore(snapshot) : null);
  }

  findByTokenDigest(digest: string): Promise<PasswordReset | null> {
    const snapshot = this.tables.passwordResets.values().find((s) => s.tokenDigest === digest);
    return Promise.resolve(snapshot ? PasswordReset.restore(snapshot) : null);
  }

  add(reset: PasswordReset): Promise<Result<void, never>> {
    this.tables.passwordResets.set(reset.id, reset.toSnapshot());
    return Promise.resolve(ok(undefined));
  }

  save(reset: PasswordReset): Promise<Result<void, ConcurrencyConflict>> {
    if (this.tables.passwordResets.get(reset.id)?.version !== reset.version) {
      return Promise.resolve(err(KernelErrors.concurrencyConflict('PasswordReset', reset.id)));
    }
    reset.markSaved();
    this.tables.passwordResets.set(reset.id, reset.toSnapshot());
    return Promise.resolve(ok(undefined));
  }

  discardPendingOf(userId: string, at: Date): Promise<void> {
    for (const [id, reset] of this.tables.passwordResets) {
      if (reset.userId === userId && reset.usedAt === null) {
        this.tables.passwordResets.set(id, { ...reset, usedAt: at, version: reset.version + 1 });
      }
    }
    return Promise.resolve();
  }
}
