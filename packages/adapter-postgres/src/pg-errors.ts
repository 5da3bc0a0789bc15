/** The bits of a `pg` DatabaseError (or a socket error) this adapter reads. */
interface PgError {
  readonly code?: string;
  readonly constraint?: string;
  readonly message?: string;
  /** Node reports a connection refused on every address of a name as an AggregateError. */
  readonly errors?: readonly unknown[];
}

const UNIQUE_VIOLATION = '23505';
const FOREIGN_KEY_VIOLATION = '23503';

/** Socket errors: the server is not there, or the connection to it broke. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
/**
 * Server answers that mean "not now", not "wrong": admin_shutdown, crash_shutdown and
 * cannot_connect_now (a restart), too_many_connections; and class 08, connection exceptions.
 */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
/** What pg and its pool say, without a code, when a connection cannot be had or was lost. */
const UNAVAILABLE_MESSAGES = [
  /timeout exceeded when trying to connect/i,
  /^Connection terminated/i,
  /connection error and is not queryable/i,
  /Client was closed and is not queryable/i,
];

function asPgError(error: unknown): PgError {
  return typeof error === 'object' && error !== null ? error : {};
}

export function isUniqueViolation(error: unknown, constraint: string): boolean {
  const e = asPgError(error);
  return e.code === UNIQUE_VIOLATION && e.constraint === constraint;
}

export function isForeignKeyViolation(error: unknown, constraint: string): boolean {
  const e = asPgError(error);
  return e.code === FOREIGN_KEY_VIOLATION && e.constraint === constraint;
}

/**
 * Whether the error says the database cannot be reached right now — refused, lost, restarting,
 * out of connections, or no pooled connection free in time — rather than that a statement failed.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const e = asPgError(error);
  if (e.code !== undefined && (NETWORK_CODES.has(e.code) || UNAVAILABLE_SQLSTATES.has(e.code) || e.code.startsWith('08'))) return true;
  if (typeof e.message === 'string' && UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(e.message ?? ''))) return true;
  return Array.isArray(e.errors) && e.errors.length > 0 && e.errors.every(isDatabaseUnavailable);
}
