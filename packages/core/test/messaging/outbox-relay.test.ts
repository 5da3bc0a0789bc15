import { describe, expect, it } from 'vitest';
import { backoffDelay, OutboxRelay, Principals } from '../../src/index.js';
import { createTestKit, RecordingPublisher } from '../../src/testing/index.js';

async function kitWithEvents(count: number) {
  const kit = createTestKit();
  for (let i = 0; i < count; i += 1) {
    await kit.registerUser.execute(
      { email: `u${i}@example.com`, name: `U${i}`, password: 'password-123' },
      { principal: Principals.anonymous() },
    );
  }
  return kit;
}

describe('OutboxRelay', () => {
  it('publishes pending events once and marks them published', async () => {
    const kit = await kitWithEvents(3);
    const publisher = new RecordingPublisher();
    const relay = new OutboxRelay(kit.outbox, publisher, kit.clock, kit.logger);
    expect(await relay.relayOnce()).toEqual({ claimed: 3, published: 3, failed: 0 });
    expect(await relay.relayOnce()).toEqual({ claimed: 0, published: 0, failed: 0 });
    expect(publisher.published.map((m) => m.envelope.event_type)).toEqual(['user.created', 'user.created', 'user.created']);
    expect(kit.outbox.records.every((r) => r.publishedAt !== null)).toBe(true);
  });

  it('retries only the messages the broker refused, after a backoff', async () => {
    const kit = await kitWithEvents(2);
    const refused = kit.outbox.envelopes[1]!.event_id;
    const publisher = new RecordingPublisher().failEvent(refused);
    const relay = new OutboxRelay(kit.outbox, publisher, kit.clock, kit.logger, { baseBackoffMs: 1_000 });

    expect(await relay.relayOnce()).toEqual({ claimed: 2, published: 1, failed: 1 });
    publisher.heal();
    expect((await relay.relayOnce()).claimed).toBe(0);
    kit.clock.advance(1_000);
    expect(await relay.relayOnce()).toEqual({ claimed: 1, published: 1, failed: 0 });
    expect(publisher.published.map((m) => m.envelope.event_id)).toContain(refused);
    expect(kit.logger.entries.some((e) => e.level === 'warn' && e.fields.attempts === 1)).toBe(true);
  });

  it('treats a throwing publisher as a failure of the whole batch', async () => {
    const kit = await kitWithEvents(2);
    const publisher = new RecordingPublisher().failCalls(1);
    const relay = new OutboxRelay(kit.outbox, publisher, kit.clock, kit.logger);
    expect(await relay.relayOnce()).toEqual({ claimed: 2, published: 0, failed: 2 });
    kit.clock.advance(1_000);
    expect(await relay.relayOnce()).toEqual({ claimed: 2, published: 2, failed: 0 });
  });

  it('backs off exponentially up to a ceiling, each wait drawn between half the step and the step', () => {
    const options = { baseBackoffMs: 100, maxBackoffMs: 1_000 };
    const attempts = [1, 2, 3, 4, 5, 50];
    expect(attempts.map((n) => backoffDelay(n, options, () => 1))).toEqual([100, 200, 400, 800, 1_000, 1_000]);
    expect(attempts.map((n) => backoffDelay(n, options, () => 0))).toEqual([50, 100, 200, 400, 500, 500]);
    expect(attempts.map((n) => backoffDelay(n, options, () => 0.5))).toEqual([75, 150, 300, 600, 750, 750]);
  });

  it('spreads the retries of messages that failed together', async () => {
    const kit = await kitWithEvents(20);
    const publisher = new RecordingPublisher().failCalls(1);
    const relay = new OutboxRelay(kit.outbox, publisher, kit.clock, kit.logger, { baseBackoffMs: 10_000 });
    await relay.relayOnce();
    const retryTimes = new Set(
      kit.logger.entries.filter((e) => e.message.startsWith('outbox publish failed')).map((e) => e.fields.retry_at),
    );
    expect(retryTimes.size).toBeGreaterThan(1);
  });

  it('runs in the background, wakes when events are appended, and stops cleanly', async () => {
    const kit = await kitWithEvents(1);
    const publisher = new RecordingPublisher();
    const relay = new OutboxRelay(kit.outbox, publisher, kit.clock, kit.logger, { idleWaitMs: 60_000 });
    relay.start();
    await expect.poll(() => publisher.published.length).toBe(1);
    await kit.registerUser.execute(
      { email: 'late@example.com', name: 'Late', password: 'password-123' },
      { principal: Principals.anonymous() },
    );
    // idleWaitMs is a minute: only the append notification can make this pass quickly.
    await expect.poll(() => publisher.published.length, { timeout: 2_000 }).toBe(2);
    await relay.stop();
    expect(relay.isRunning).toBe(false);
  });

  it('does not lose a wake-up that arrives while a round is running', async () => {
    const kit = await kitWithEvents(1);
    const publisher = new RecordingPublisher();
    const original = publisher.publish.bind(publisher);
    let appendedDuringRound = false;
    // While the first round publishes, another transaction commits an event (and wakes the relay).
    publisher.publish = async (messages) => {
      if (!appendedDuringRound) {
        appendedDuringRound = true;
        await kit.registerUser.execute(
          { email: 'during@example.com', name: 'D', password: 'password-123' },
          { principal: Principals.anonymous() },
        );
      }
      return original(messages);
    };
    const relay = new OutboxRelay(kit.outbox, publisher, kit.clock, kit.logger, { idleWaitMs: 60_000 });
    relay.start();
    // With a minute of idle wait, only the remembered wake-up gets the second event out quickly.
    await expect.poll(() => publisher.published.length, { timeout: 2_000 }).toBe(2);
    await relay.stop();
  });
});
