import type { OutboxMessage, OutboxStore } from '@hexabill/core';
import type { Db } from '../pg-database.js';
import {
  claimOutboxBatch,
  envelopeFromOutboxRow,
  propagationOfOutboxRow,
  markOutboxRowFailed,
  markOutboxRowsPublished,
  selectOutboxLag,
} from './outbox-queries.js';
import type { PgNotificationListener } from './pg-notification-listener.js';

export interface OutboxLag {
  readonly unpublished: number;
  readonly oldestAgeSeconds: number;
}

export class PgOutboxStore implements OutboxStore {
  constructor(
    private readonly db: Db,
    private readonly notifications?: PgNotificationListener,
  ) {}

  async claimBatch(limit: number, leaseMs: number): Promise<OutboxMessage[]> {
    const rows = await claimOutboxBatch(this.db, limit, leaseMs);
    return rows
      .sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1))
      .map((row) => ({
        id: row.id,
        envelope: envelopeFromOutboxRow(row),
        attempts: row.attempts,
        propagation: propagationOfOutboxRow(row),
      }));
  }

  async markPublished(ids: readonly string[]): Promise<void> {
    if (ids.length > 0) await markOutboxRowsPublished(this.db, ids);
  }

  async markFailed(id: string, error: string, retryAt: Date): Promise<void> {
    await markOutboxRowFailed(this.db, id, error, retryAt);
  }

  onAppended(listener: () => void): () => void {
    return this.notifications
      ? this.notifications.subscribe(() => {
          listener();
        })
      : () => undefined;
  }

  /** Unpublished rows and the age of the oldest, in seconds. */
  lag(): Promise<OutboxLag> {
    return selectOutboxLag(this.db);
  }
}
