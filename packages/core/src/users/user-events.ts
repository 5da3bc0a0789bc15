import type { RecordedEvent } from '../shared/domain-event.js';

export const USER_AGGREGATE = 'user';

export interface FieldChange<T> {
  readonly old: T;
  readonly new: T;
}

export interface UserChanges {
  readonly name?: FieldChange<string>;
  readonly age?: FieldChange<number | null>;
  readonly email?: FieldChange<string>;
}

export type UserCreated = RecordedEvent<'user.created', { readonly user_id: string; readonly email: string; readonly name: string }>;
export type UserUpdated = RecordedEvent<'user.updated', { readonly user_id: string; readonly changes: UserChanges }>;
export type UserDeleted = RecordedEvent<'user.deleted', { readonly user_id: string; readonly deleted_invoice_ids: readonly string[] }>;

export type UserEvent = UserCreated | UserUpdated | UserDeleted;
export const USER_EVENT_TYPES = ['user.created', 'user.updated', 'user.deleted'] as const;
