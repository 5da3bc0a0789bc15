import { createEventHandlers, createUseCases, Housekeeping, systemClock, UuidV7Generator } from '@hexabill/core';
import { ContainerModule } from 'inversify';
import type { Config } from '../../config/config-schema.js';
import { TOKENS } from '../tokens.js';

/** The core: clock, ids, use cases, event handlers and housekeeping, built on whatever ports are bound. */
export function coreModule(config: Config): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(TOKENS.clock).toConstantValue(systemClock);
    bind(TOKENS.ids).toDynamicValue(() => new UuidV7Generator());
    bind(TOKENS.useCases).toDynamicValue((ctx) =>
      createUseCases({
        uow: ctx.get(TOKENS.uow),
        hasher: ctx.get(TOKENS.hasher),
        tokens: ctx.get(TOKENS.tokenIssuer),
        ids: ctx.get(TOKENS.ids),
        clock: ctx.get(TOKENS.clock),
        loginLimiter: ctx.get(TOKENS.loginLimiter),
        loginLimits: {
          perAccountAndAddress: {
            limit: config.LOGIN_MAX_ATTEMPTS_PER_ACCOUNT_AND_ADDRESS,
            windowSeconds: config.LOGIN_RATE_WINDOW_SECONDS,
          },
          perAddress: { limit: config.LOGIN_MAX_ATTEMPTS_PER_ADDRESS, windowSeconds: config.LOGIN_RATE_WINDOW_SECONDS },
          perAccount: { limit: config.LOGIN_MAX_ATTEMPTS_PER_ACCOUNT, windowSeconds: config.LOGIN_RATE_WINDOW_SECONDS },
        },
      }),
    );
    bind(TOKENS.eventHandlers).toDynamicValue((ctx) =>
      createEventHandlers({
        uow: ctx.get(TOKENS.uow),
        gateway: ctx.get(TOKENS.gateway),
        clock: ctx.get(TOKENS.clock),
        logger: ctx.get(TOKENS.logger),
      }),
    );
    bind(TOKENS.housekeeping).toDynamicValue(
      (ctx) => new Housekeeping(ctx.get(TOKENS.sweepers), ctx.get(TOKENS.logger), () => new Date(), ctx.get(TOKENS.observeSweep)),
    );
  });
}
