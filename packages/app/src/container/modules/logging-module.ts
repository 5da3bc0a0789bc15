import { TslogLogger } from '@hexabill/adapter-tslog';
import { ContainerModule } from 'inversify';
import type { Config } from '../../config/config-schema.js';
import { TOKENS } from '../tokens.js';

export function loggingModule(config: Config): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(TOKENS.logger).toDynamicValue(() => new TslogLogger('hexabill', config.LOG_LEVEL));
  });
}
