export * from './aws-clients.js';
export * from './topology.js';
export * from './provision-topology.js';
export * from './sns-message-publisher.js';
export * from './consumer-settings.js';
export * from './message-body.js';
export * from './sqs-event-consumer.js';
export * from './sqs-worker.js';
