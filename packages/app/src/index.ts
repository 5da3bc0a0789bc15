export { ConfigSchema, DEV_JWT_SECRET, type Config } from './config/config-schema.js';
export { loadConfig, loadConfigOrExit, ConfigError } from './config/load-config.js';
export { buildContainer } from './container/build-container.js';
export { TOKENS } from './container/tokens.js';
export { Api } from './runtime/api.js';
export { Worker } from './runtime/worker.js';
