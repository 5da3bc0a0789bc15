/**
 * Port: the consumers' record of handled messages (the inbox). Used inside a transaction, so the
 * record and the handler's effects commit or roll back together.
 */
export interface Inbox {
  /** Records that `consumer` handled `eventId`; false when it already had (a duplicate delivery). */
  markProcessed(consumer: string, eventId: string): Promise<boolean>;
}

/** The part of a transaction a consumer works with. */
export interface MessagingTransaction {
  readonly inbox: Inbox;
}
