export {
  createHttpApp,
  DEFAULT_BODY_LIMIT_BYTES,
  DEFAULT_IDEMPOTENCY_TTL_SECONDS,
  type HttpAppDependencies,
  type HttpAppOptions,
} from './create-http-app.js';
export type { LoginRateLimits } from './auth/login-rate-limits.js';
export type { AppEnv } from './app-env.js';
export type { AccessTokenVerifier } from './middleware/authenticate.js';
export { JwtTokenService, MIN_JWT_SECRET_LENGTH, type JwtSettings } from './security/jwt-token-service.js';
export { ScryptPasswordHasher, OWASP_SCRYPT, type ScryptParameters } from './security/scrypt-password-hasher.js';
export { STATUS_BY_CODE } from './problem/status-by-code.js';
export { PROBLEM_CONTENT_TYPE, type Problem } from './problem/problem.js';
export { DOC_ASSET_PATHS } from './docs/docs.js';
export type { RequestObservation } from './middleware/access-log.js';
