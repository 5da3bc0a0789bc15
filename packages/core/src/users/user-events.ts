import { defineEvents, Fields, type RecordedEventOf } from '../kernel/event-declaration.js';

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
});

export type UserEvent = RecordedEventOf<typeof USER_EVENTS>;
