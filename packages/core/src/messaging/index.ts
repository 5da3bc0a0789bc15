export type * from './outbox.js';
export * from './outbox-relay.js';
export type * from './inbox.js';
export type * from './event-handler.js';
export * from './event-catalogue.js';
export * from './log-events.js';
export * from './observed-messaging.js';
