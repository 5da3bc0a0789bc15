export * from './metrics.js';
export * from './metrics-server.js';
export { Registry } from 'prom-client';
