import type { Inbox } from '@hexabill/core';
import type { Db } from '../pg-database.js';
import { statement } from '../sql.js';

/** A concurrent insert of the same key waits for the first transaction, then sees the conflict. */
const MARK = statement(
  'inbox.mark',
  'INSERT INTO processed_messages (consumer, event_id) VALUES ($1, $2) ON CONFLICT (consumer, event_id) DO NOTHING',
);

/** The inbox row is written in the handler's transaction, so it commits with the handler's effects. */
export class PgInbox implements Inbox {
  constructor(private readonly db: Db) {}

  async markProcessed(consumer: string, eventId: string): Promise<boolean> {
    return (await this.db.count(MARK, [consumer, eventId])) > 0;
  }
}
