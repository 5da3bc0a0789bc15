export * from './database-guard.js';
export * from './embedded-test-server.js';
