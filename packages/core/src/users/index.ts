export * from './user.js';
export * from './user-events.js';
export type * from './user-repository.js';
export * from './register-user.js';
export * from './authenticate-user.js';
export * from './get-user.js';
export * from './list-users.js';
export * from './update-user.js';
export * from './delete-user.js';
