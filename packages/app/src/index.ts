export { ConfigSchema, DEV_JWT_SECRET, type Config } from './config/config-schema.js';
export { loadConfig, loadConfigOrExit, ConfigError } from './config/load-config.js';
export { buildContainer } from './container/build-container.js';
export { TOKENS } from './container/tokens.js';
export { startApi, startWorker, type RunningApi, type RunningWorker } from './runtime/services.js';
export { TslogLogger } from './logging/tslog-logger.js';
export { SimulatedPaymentGateway } from './payment/simulated-payment-gateway.js';
export { HttpPaymentGateway } from './payment/http-payment-gateway.js';
