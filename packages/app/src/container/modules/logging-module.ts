import { TslogLogger } from '@hexabill/adapter-tslog';
import { ContainerModule } from 'inversify';
import type { Config } from '../../config/config-schema.js';
import { TOKENS } from '../tokens.js';

export function loggingModule(config: Config): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(TOKENS.logger).toDynamicValue(
      () => new TslogLogger('hexabill', { level: config.LOG_LEVEL, pretty: config.LOG_FORMAT === 'pretty' }),
    );
  });
}
