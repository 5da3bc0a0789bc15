export * from './kernel/index.js';
export * from './users/index.js';
export * from './billing/index.js';
// hexabill-generate: contexts
export * from './messaging/index.js';
export type * from './domain-error.js';
export * from './transaction.js';
export * from './use-cases.js';
export * from './event-handlers.js';
