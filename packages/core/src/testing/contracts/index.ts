export * from './persistence-contract.js';
export * from './password-hasher-contract.js';
export * from './rate-limiter-contract.js';
