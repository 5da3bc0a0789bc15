export {
  createHttpApp,
  DEFAULT_BODY_LIMIT_BYTES,
  DEFAULT_IDEMPOTENCY_TTL_SECONDS,
  type HttpAppDependencies,
  type HttpAppOptions,
  type HttpApp,
} from './create-http-app.js';
export type { AppEnv } from './app-env.js';
export { STATUS_BY_CODE } from './problem/status-by-code.js';
export { PROBLEM_CONTENT_TYPE, type Problem } from './problem/problem.js';
export { DOC_ASSET_PATHS } from './docs/docs.js';
export type { RequestObservation } from './middleware/edge.js';
export { startHttpServer, type RunningHttpServer } from './node-server.js';
export {
  clientAddressOf,
  normalizeAddress,
  parseTrustedProxies,
  resolveClientAddress,
  socketAddress,
  TRUST_NO_PROXY,
  type ClientAddressPolicy,
  type ForwardedHeader,
  type TrustedProxies,
} from './client-address.js';
export { mountApiRoutes, type HexabillApi } from './api-routes.js';
