import { defineEvents, Fields, type EnvelopeOfGroup, type RecordedEventOf } from '../kernel/event-declaration.js';

/**
 * Every event of the password-reset aggregate, declared once. `password_reset.requested` is
 * recorded for every accepted request, whether or not an account has the address, and names the
 * reset only: whose it is stays in the store, and the token exists only once the consumer makes it.
 */
export const PASSWORD_RESET_EVENTS = defineEvents('password_reset', {
  'password_reset.requested': { version: 1, payload: { reset_id: Fields.id } },
});

export type PasswordResetEvent = RecordedEventOf<typeof PASSWORD_RESET_EVENTS>;
export type PasswordResetEnvelope<T extends PasswordResetEvent['event_type'] = PasswordResetEvent['event_type']> = Extract<
  EnvelopeOfGroup<typeof PASSWORD_RESET_EVENTS>,
  { event_type: T }
>;
