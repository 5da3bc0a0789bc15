import { describe, expect, it } from 'vitest';
import { UuidV7Generator } from '../../kernel/ids.js';
import { err } from '../../kernel/result.js';
import { useFixture, within, type MakePersistenceFixture } from './persistence-fixture.js';

const ids = new UuidV7Generator();

/** What every `Inbox` must do (reached through its unit of work). */
export function inboxContract(name: string, make: MakePersistenceFixture): void {
  describe(`Inbox contract: ${name}`, () => {
    const f = useFixture(make);

    it('says true the first time a consumer handles an event and false after; consumers are apart', async () => {
      const eventId = ids.next();
      expect(await within(f().uow, (tx) => tx.inbox.markProcessed('billing', eventId))).toBe(true);
      expect(await within(f().uow, (tx) => tx.inbox.markProcessed('billing', eventId))).toBe(false);
      expect(await within(f().uow, (tx) => tx.inbox.markProcessed('audit', eventId))).toBe(true);
    });

    it('forgets a mark whose transaction rolled back', async () => {
      const eventId = ids.next();
      await f().uow.transaction(async (tx) => {
        await tx.inbox.markProcessed('billing', eventId);
        return err('handler failed');
      });
      expect(await within(f().uow, (tx) => tx.inbox.markProcessed('billing', eventId))).toBe(true);
    });
  });
}
