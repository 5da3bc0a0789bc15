export * from './local-messaging.js';
