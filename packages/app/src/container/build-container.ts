import { Container } from 'inversify';
import type { Config } from '../config/config-schema.js';
import { awsModule } from './modules/aws-module.js';
import { coreModule } from './modules/core-module.js';
import { cryptoModule } from './modules/crypto-module.js';
import { httpModule } from './modules/http-module.js';
import { loggingModule } from './modules/logging-module.js';
import { metricsModule } from './modules/metrics-module.js';
import { paymentsModule } from './modules/payments-module.js';
import { postgresModule } from './modules/postgres-module.js';
import { runtimeModule } from './modules/runtime-module.js';
import { smtpModule } from './modules/smtp-module.js';
import { TOKENS } from './tokens.js';

/**
 * The composition root: one module per adapter, every port bound by an explicit token to a factory
 * (core classes carry no decorators). Bindings are singletons and lazy: the API never creates AWS
 * clients, and building the container touches no database. `overrides` may rebind any token — a
 * test swaps a port with `container.rebind(TOKENS.gateway).toConstantValue(fake)`. Resources are
 * released by `container.unbindAllAsync()`, which runs each one's deactivation (pool, listener, clients).
 */
export function buildContainer(config: Config, overrides?: (container: Container) => void): Container {
  const container = new Container({ defaultScope: 'Singleton' });
  container.bind(TOKENS.config).toConstantValue(config);
  container.load(
    coreModule(config),
    loggingModule(config),
    postgresModule(config),
    cryptoModule(config),
    paymentsModule(config),
    smtpModule(config),
    httpModule(config),
    awsModule(config),
    metricsModule(config),
    runtimeModule(config),
  );
  overrides?.(container);
  return container;
}
