export * from './shared/index.js';
export * from './users/index.js';
export * from './billing/index.js';
export * from './event-catalogue.js';
export * from './event-handlers.js';
export * from './use-cases.js';
