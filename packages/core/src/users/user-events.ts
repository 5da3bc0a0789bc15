import { defineEvents, Fields, type EnvelopeOfGroup, type RecordedEventOf } from '../kernel/event-declaration.js';
import { ROLES } from '../kernel/principal.js';

export interface FieldChange<T> {
  readonly old: T;
  readonly new: T;
}

/** Only what changed; never the password. */
export interface UserChanges {
  readonly name?: FieldChange<string>;
  readonly age?: FieldChange<number | null>;
  readonly email?: FieldChange<string>;
}

/** Every event of the user aggregate, declared once. */
export const USER_EVENTS = defineEvents('user', {
  'user.created': { version: 1, payload: { user_id: Fields.id, email: Fields.text, name: Fields.text } },
  'user.updated': { version: 1, payload: { user_id: Fields.id, changes: Fields.object<UserChanges>() } },
  'user.deleted': { version: 1, payload: { user_id: Fields.id, deleted_invoice_ids: Fields.idList } },
  /** `reason`: the user changed it knowing the old one, or set it through a reset e-mail. Never the password. */
  'user.password_changed': { version: 1, payload: { user_id: Fields.id, reason: Fields.oneOf('changed', 'reset') } },
  'user.role_changed': { version: 1, payload: { user_id: Fields.id, old_role: Fields.oneOf(...ROLES), new_role: Fields.oneOf(...ROLES) } },
  /** One session (a refresh-token family, `session_id`) ended by its holder. */
  'user.signed_out': { version: 1, payload: { user_id: Fields.id, session_id: Fields.id } },
  /** Every session ended, and every access token issued before refused. */
  'user.signed_out_everywhere': { version: 1, payload: { user_id: Fields.id } },
  /** A refresh token was presented again after it had been rotated: the session is revoked as stolen. */
  'user.refresh_token_reused': { version: 1, payload: { user_id: Fields.id, session_id: Fields.id } },
});

export type UserEvent = RecordedEventOf<typeof USER_EVENTS>;
export type UserEnvelope<T extends UserEvent['event_type'] = UserEvent['event_type']> = Extract<
  EnvelopeOfGroup<typeof USER_EVENTS>,
  { event_type: T }
>;
