export { JwtTokenService, MIN_JWT_SECRET_LENGTH, type JwtSettings } from './jwt-token-service.js';
export { ScryptPasswordHasher, OWASP_SCRYPT, type ScryptParameters } from './scrypt-password-hasher.js';
export { Sha256OpaqueTokens } from './sha256-opaque-tokens.js';
