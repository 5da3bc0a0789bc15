export * from './persistence-fixture.js';
export * from './user-repository-contract.js';
export * from './invoice-repository-contract.js';
export * from './unit-of-work-contract.js';
export * from './inbox-contract.js';
export * from './outbox-store-contract.js';
export * from './password-hasher-contract.js';
export * from './rate-limiter-contract.js';
