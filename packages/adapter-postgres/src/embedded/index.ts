export * from './embedded-postgres-server.js';
export * from './embedded-database.js';
export * from './free-port.js';
