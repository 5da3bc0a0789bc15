import type { Inbox } from '@hexabill/core';
import type { Knex } from 'knex';

export const PROCESSED_MESSAGES = 'processed_messages';

/** Returns whether the row was new. A concurrent insert of the same key waits for the first transaction, then sees the conflict. */
export async function insertProcessedMessage(db: Knex, consumer: string, eventId: string): Promise<boolean> {
  const inserted: unknown[] = await db(PROCESSED_MESSAGES)
    .insert({ consumer, event_id: eventId })
    .onConflict(['consumer', 'event_id'])
    .ignore()
    .returning('event_id');
  return inserted.length > 0;
}

/** The inbox row is written in the handler's transaction, so it commits with the handler's effects. */
export class KnexInbox implements Inbox {
  constructor(private readonly trx: Knex) {}

  markProcessed(consumer: string, eventId: string): Promise<boolean> {
    return insertProcessedMessage(this.trx, consumer, eventId);
  }
}
