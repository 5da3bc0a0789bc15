export * from './hexabill-stack.js';
