export * from './tslog-logger.js';
