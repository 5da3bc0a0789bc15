import type { Inbox } from '../messaging/inbox.js';
import type { Tables } from './in-memory-database.js';

export class InMemoryInbox implements Inbox {
  constructor(private readonly tables: Tables) {}

  markProcessed(consumer: string, eventId: string): Promise<boolean> {
    const key = `${consumer}\u0000${eventId}`;
    if (this.tables.processed.has(key)) return Promise.resolve(false);
    this.tables.processed.set(key, true);
    return Promise.resolve(true);
  }
}
