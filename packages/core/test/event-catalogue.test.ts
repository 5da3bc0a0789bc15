import { describe, expect, it } from 'vitest';
import { EVENT_TYPES, parseEventEnvelope, Principals } from '../src/index.js';
import { createTestKit } from '../src/testing/index.js';

describe('parseEventEnvelope', () => {
  it('accepts what the core writes', async () => {
    const kit = createTestKit();
    await kit.registerUser.execute({ email: 'a@example.com', name: 'A', password: 'password-1' }, { principal: Principals.anonymous() });
    const [event] = kit.outbox.envelopes;
    expect(parseEventEnvelope(JSON.parse(JSON.stringify(event)))._unsafeUnwrap()).toEqual(event);
  });

  it.each([
    [null, 'not a JSON object'],
    [[], 'not a JSON object'],
    [{}, 'event_id is missing'],
  ])('rejects %j', (input, message) => {
    expect(parseEventEnvelope(input)._unsafeUnwrapErr()).toContain(message);
  });

  it('rejects unknown event types and payloads missing fields', () => {
    const base = {
      event_id: '00000000-0000-7000-8000-000000000001',
      event_version: 1,
      aggregate_type: 'invoice',
      aggregate_id: 'x',
      occurred_at: '2026-01-01T00:00:00.000Z',
      correlation_id: 'c',
      causation_id: null,
    };
    expect(parseEventEnvelope({ ...base, event_type: 'invoice.exploded', payload: {} })._unsafeUnwrapErr()).toContain('unknown event_type');
    expect(
      parseEventEnvelope({ ...base, event_type: 'invoice.payment_requested', payload: { invoice_id: base.event_id } })._unsafeUnwrapErr(),
    ).toContain('payload.payment_attempt');
  });

  it('knows the seven event types of SPEC.md and those of the account lifecycle', () => {
    expect([...EVENT_TYPES].sort()).toEqual([
      'invoice.created',
      'invoice.paid',
      'invoice.payment_failed',
      'invoice.payment_requested',
      'password_reset.requested',
      'user.created',
      'user.deleted',
      'user.password_changed',
      'user.refresh_token_reused',
      'user.role_changed',
      'user.signed_out',
      'user.signed_out_everywhere',
      'user.updated',
    ]);
  });
});

describe('EVENT_SUBSCRIPTIONS', () => {
  it('describes exactly the handlers createEventHandlers builds', async () => {
    const { EVENT_SUBSCRIPTIONS } = await import('../src/index.js');
    const kit = createTestKit();
    expect(kit.handlers.map((h) => h.subscription)).toEqual(EVENT_SUBSCRIPTIONS);
  });
});
