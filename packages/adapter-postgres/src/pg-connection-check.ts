import { StartupError } from '@hexabill/core';
import pg from 'pg';

/** Where a connection string points, without its password (messages must not leak it). */
export interface DatabaseTarget {
  readonly host: string;
  readonly port: string;
  readonly database: string;
  readonly user: string;
}

export function databaseTargetOf(connectionString: string): DatabaseTarget {
  try {
    const url = new URL(connectionString);
    return {
      host: url.hostname || 'localhost',
      port: url.port || '5432',
      database: decodeURIComponent(url.pathname.replace(/^\//, '')) || decodeURIComponent(url.username) || 'postgres',
      user: decodeURIComponent(url.username) || 'postgres',
    };
  } catch {
    return { host: '?', port: '?', database: '?', user: '?' };
  }
}

/** The fields of a `pg` DatabaseError or a Node network error read here. */
interface PgErrorShape {
  readonly code?: string;
  readonly message?: string;
  readonly errors?: readonly unknown[];
}

const shapeOf = (error: unknown): PgErrorShape => (typeof error === 'object' && error !== null ? error : { message: String(error) });

// SQLSTATEs (https://www.postgresql.org/docs/current/errcodes-appendix.html).
const INVALID_PASSWORD = '28P01';
const INVALID_AUTHORIZATION = '28000';
const UNKNOWN_DATABASE = '3D000';
const CANNOT_CONNECT_NOW = '57P03';
const TOO_MANY_CONNECTIONS = '53300';
const ADMIN_SHUTDOWN = '57P01';
const NETWORK_TRANSIENT = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'EPIPE']);
const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|ERR_SSL/;

/**
 * Translates an error of connecting to PostgreSQL into a `StartupError` naming the cause and what
 * to check in DATABASE_URL: an unreachable server, a server still starting or full (transient,
 * worth retrying), a host that does not resolve, a refused password or role, a missing database,
 * or TLS trouble (not transient).
 */
export function databaseStartupError(error: unknown, target: DatabaseTarget): StartupError {
  if (error instanceof StartupError) return error;
  const e = shapeOf(error);
  const code = e.code ?? e.errors?.map((inner) => shapeOf(inner).code).find(Boolean);
  const at = `${target.host}:${target.port}`;
  const message = e.message ?? '';
  const make = (problem: ConstructorParameters<typeof StartupError>[0], text: string, transient = false): StartupError =>
    new StartupError(problem, text, transient, { cause: error });

  if (code === INVALID_PASSWORD) {
    return make(
      'credentials',
      `PostgreSQL at ${at} refused the password of user "${target.user}": check the password in DATABASE_URL (or DATABASE_PASSWORD)`,
    );
  }
  if (code === INVALID_AUTHORIZATION) {
    return make(
      'credentials',
      `PostgreSQL at ${at} refused user "${target.user}" (${message}): check the user in DATABASE_URL and the server's pg_hba.conf`,
    );
  }
  if (code === UNKNOWN_DATABASE) {
    return make(
      'not-found',
      `database "${target.database}" does not exist on PostgreSQL at ${at}: check the database name in DATABASE_URL, or create it`,
    );
  }
  if (code === CANNOT_CONNECT_NOW || code === TOO_MANY_CONNECTIONS || code === ADMIN_SHUTDOWN) {
    return make('unavailable', `PostgreSQL at ${at} does not accept connections yet (${message})`, true);
  }
  if (code === 'ENOTFOUND') {
    return make('misconfigured', `the host of DATABASE_URL (${target.host}) does not resolve (ENOTFOUND): check DATABASE_URL`);
  }
  if ((code !== undefined && NETWORK_TRANSIENT.has(code)) || /timeout|terminated unexpectedly/i.test(message)) {
    return make(
      'unreachable',
      `cannot reach PostgreSQL at ${at} (${code ?? message}): check the host and port in DATABASE_URL, that the server runs, and that this network may reach it`,
      true,
    );
  }
  if ((code !== undefined && TLS_CODES.test(code)) || /ssl|tls|certificate/i.test(message)) {
    return make(
      'misconfigured',
      `TLS with PostgreSQL at ${at} failed (${message}): check sslmode in DATABASE_URL and the server's certificate`,
    );
  }
  return make('failed', `connecting to PostgreSQL at ${at} failed (${code ? `${code}: ` : ''}${message})`);
}

/**
 * Opens one connection and runs `SELECT 1`, so a process finds out at start-up, with a message
 * naming the cause, whether DATABASE_URL leads to a database it can use.
 */
export async function checkDatabaseConnection(
  connectionString: string,
  options: { readonly connectTimeoutMs?: number } = {},
): Promise<void> {
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000 });
  // A connection that fails after connecting reports here too, not as an unhandled 'error' event.
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    throw databaseStartupError(error, databaseTargetOf(connectionString));
  } finally {
    await client.end().catch(() => undefined);
  }
}
