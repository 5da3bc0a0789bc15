export * from './persistence-contract.js';
export * from './password-hasher-contract.js';
