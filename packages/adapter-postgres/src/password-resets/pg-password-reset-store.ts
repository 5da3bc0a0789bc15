import { err, KernelErrors, ok, PasswordReset, type ConcurrencyConflict, type PasswordResetStore, type Result } from '@hexabill/core';
import type { Db } from '../pg-database.js';
import {
  discardPendingPasswordResets,
  insertPasswordReset,
  selectPasswordResetByDigest,
  selectPasswordResetById,
  updatePasswordResetAtVersion,
} from './password-reset-queries.js';
import { fromPasswordResetRow, toPasswordResetRow } from './password-reset-row.js';

/** Password resets in the caller's transaction; saves are optimistic, so a token is redeemed once. */
export class PgPasswordResetStore implements PasswordResetStore {
  constructor(private readonly db: Db) {}

  async findById(id: string): Promise<PasswordReset | null> {
    const row = await selectPasswordResetById(this.db, id);
    return row ? PasswordReset.restore(fromPasswordResetRow(row)) : null;
  }

  async findByTokenDigest(digest: string): Promise<PasswordReset | null> {
    const row = await selectPasswordResetByDigest(this.db, digest);
    return row ? PasswordReset.restore(fromPasswordResetRow(row)) : null;
  }

  async add(reset: PasswordReset): Promise<Result<void, never>> {
    await insertPasswordReset(this.db, toPasswordResetRow(reset.toSnapshot()));
    return ok(undefined);
  }

  async save(reset: PasswordReset): Promise<Result<void, ConcurrencyConflict>> {
    const expected = reset.version;
    const written = await updatePasswordResetAtVersion(
      this.db,
      { ...toPasswordResetRow(reset.toSnapshot()), version: expected + 1 },
      expected,
    );
    if (written === 0) return err(KernelErrors.concurrencyConflict('PasswordReset', reset.id));
    reset.markSaved();
    return ok(undefined);
  }

  discardPendingOf(userId: string, at: Date): Promise<void> {
    return discardPendingPasswordResets(this.db, userId, at);
  }
}
