export * from './tslog-logger.js';
export * from './line-sink.js';
