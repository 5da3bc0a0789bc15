export * from './spans.js';
export * from './traced-ports.js';
