import { JwtTokenService, ScryptPasswordHasher, Sha256OpaqueTokens } from '@hexabill/adapter-crypto';
import { ContainerModule, type ServiceIdentifier } from 'inversify';
import type { Config } from '../../config/config-schema.js';
import { TOKENS } from '../tokens.js';

const JWT: ServiceIdentifier<JwtTokenService> = Symbol.for('hexabill.jwt');

/** node:crypto: password hashing, one JWT service that both issues and verifies access tokens, and opaque tokens. */
export function cryptoModule(config: Config): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(TOKENS.hasher).toDynamicValue(() => new ScryptPasswordHasher({ log2N: config.SCRYPT_LOG2N, r: 8, p: 1 }));
    bind(JWT).toDynamicValue(
      () =>
        new JwtTokenService({
          secret: config.JWT_SECRET,
          issuer: config.JWT_ISSUER,
          audience: config.JWT_AUDIENCE,
          ttlSeconds: config.JWT_TTL_SECONDS,
        }),
    );
    bind(TOKENS.tokenIssuer).toService(JWT);
    bind(TOKENS.tokenVerifier).toService(JWT);
    bind(TOKENS.opaqueTokens).toDynamicValue(() => new Sha256OpaqueTokens());
  });
}
