import { parseTrustedProxies } from '@hexabill/adapter-http';
import { PASSWORD_MIN_LENGTH } from '@hexabill/core';
import { z } from 'zod';

/** The development-only JWT secret; refused in production. */
export const DEV_JWT_SECRET = 'dev-only-jwt-secret-change-me-in-production';

const PLACEHOLDER = /change[-_ ]?me|placeholder|example|dev-only|^secret$|^password$/i;

/** Reads a value that may still be raw when another field failed validation. */
const asNumber = (value: unknown): number => Number(value);

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const list = z.string().transform((v) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0),
);

/**
 * Every environment variable hexabill reads, in one schema, read once at start-up.
 * `.env.example` documents each of them.
 */
export const ConfigSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
    /** `json` (one line per entry, for machines) or `pretty` (for a terminal); `npm start` picks pretty on a TTY. */
    LOG_FORMAT: z.enum(['json', 'pretty']).optional(),

    HOST: z.string().min(1).default('127.0.0.1'),
    PORT: int(0, 65_535).default(3000),
    CORS_ORIGINS: list.default([]),
    BODY_LIMIT_BYTES: int(1_024, 10 * 1024 * 1024).default(64 * 1024),
    // Proxies whose forwarding header names the client (login limits, access log); nobody by default.
    TRUSTED_PROXIES: z
      .string()
      .optional()
      .transform((value, ctx) => {
        const parsed = parseTrustedProxies(value);
        if (parsed.isOk()) return parsed.value;
        for (const message of parsed.error) ctx.addIssue({ code: 'custom', message });
        return z.NEVER;
      }),
    TRUSTED_PROXY_HEADER: z.enum(['x-forwarded-for', 'forwarded']).default('x-forwarded-for'),
    SHUTDOWN_TIMEOUT_MS: int(0, 15 * 60_000).default(25_000),
    METRICS_PORT: int(0, 65_535).default(9464),
    STARTUP_TIMEOUT_SECONDS: int(0, 3600).default(60),

    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\/.+/, 'must be a postgres:// or postgresql:// URL')
      .optional(),
    DATABASE_PASSWORD: z.string().min(1).optional(),
    DATABASE_POOL_MAX: int(1, 500).default(10),

    JWT_SECRET: z.string().min(32, 'must be at least 32 characters').default(DEV_JWT_SECRET),
    JWT_ISSUER: z.string().min(1).default('hexabill'),
    JWT_AUDIENCE: z.string().min(1).default('hexabill-api'),
    JWT_TTL_SECONDS: int(60, 7 * 24 * 3600).default(900),
    SCRYPT_LOG2N: int(10, 20).default(17),

    AWS_REGION: z.string().min(1).default('us-east-1'),
    AWS_ENDPOINT: z.url().optional(),
    AWS_ACCESS_KEY_ID: z.string().min(1).optional(),
    AWS_SECRET_ACCESS_KEY: z.string().min(1).optional(),
    MESSAGING_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,40}$/, 'letters, digits, - and _ only (at most 40)')
      .default('hexabill'),
    MESSAGING_PROVISION: flag.optional(),
    SNS_TOPIC_ARN: z.string().startsWith('arn:').optional(),
    SQS_BATCH_SIZE: int(1, 10).default(10),
    SQS_WAIT_TIME_SECONDS: int(0, 20).default(10),
    SQS_VISIBILITY_TIMEOUT_SECONDS: int(1, 43_200).default(30),
    SQS_HEARTBEAT_SECONDS: int(1, 43_199).default(10),
    SQS_MAX_RECEIVE_COUNT: int(1, 1_000).default(5),
    SQS_POLLERS: int(1, 16).default(1),
    SQS_PAYMENT_CONCURRENCY: int(1, 1_000).default(150),
    SQS_CONCURRENCY: int(1, 1_000).default(20),
    RELAY_BATCH_SIZE: int(1, 1_000).default(100),
    RELAY_IDLE_WAIT_MS: int(10, 60_000).default(1_000),

    PAYMENT_GATEWAY: z.enum(['simulated', 'http']).default('simulated'),
    PAYMENT_GATEWAY_URL: z.url().optional(),
    PAYMENT_GATEWAY_TIMEOUT_MS: int(100, 60_000).default(5_000),
    PAYMENT_GATEWAY_BREAKER_FAILURES: int(1, 1_000).default(5),
    PAYMENT_GATEWAY_BREAKER_HALF_OPEN_MS: int(100, 3_600_000).default(10_000),
    PAYMENT_RECONCILE_AFTER_SECONDS: int(1, 7 * 24 * 3600).default(300),
    PAYMENT_RECONCILE_INTERVAL_MS: int(100, 3_600_000).default(30_000),
    PAYMENT_RECONCILE_RETRY_SECONDS: int(1, 24 * 3600).default(60),
    SIMULATED_GATEWAY_LATENCY_MS: int(0, 60_000).default(20),
    SIMULATED_GATEWAY_FAIL_FIRST: int(0, 1_000).default(0),

    IDEMPOTENCY_KEY_TTL_SECONDS: int(60, 30 * 24 * 3600).default(24 * 3600),
    OUTBOX_RETENTION_DAYS: int(1, 3650).default(7),
    INBOX_RETENTION_DAYS: int(1, 3650).default(30),
    RETENTION_BATCH_SIZE: int(1, 10_000).default(500),
    RETENTION_SWEEP_BUDGET_MS: int(1, 24 * 3600_000).default(5_000),
    LOGIN_MAX_ATTEMPTS_PER_ACCOUNT_AND_ADDRESS: int(1, 10_000).default(10),
    LOGIN_MAX_ATTEMPTS_PER_ACCOUNT: int(1, 100_000).default(100),
    LOGIN_MAX_ATTEMPTS_PER_ADDRESS: int(1, 100_000).default(50),
    LOGIN_RATE_WINDOW_SECONDS: int(1, 24 * 3600).default(900),

    REFRESH_TOKEN_MAX_LIFETIME_SECONDS: int(300, 365 * 24 * 3600).default(30 * 24 * 3600),
    REFRESH_TOKEN_IDLE_TIMEOUT_SECONDS: int(60, 365 * 24 * 3600).default(7 * 24 * 3600),
    PASSWORD_RESET_TOKEN_TTL_SECONDS: int(60, 24 * 3600).default(30 * 60),
    PASSWORD_RESET_MAX_PER_EMAIL: int(1, 1_000).default(3),
    PASSWORD_RESET_MAX_PER_ADDRESS: int(1, 100_000).default(20),
    PASSWORD_RESET_RATE_WINDOW_SECONDS: int(1, 24 * 3600).default(3600),
    /** Your app's reset page. Outside production it defaults to http://127.0.0.1:PORT/reset-password. */
    PASSWORD_RESET_URL: z.url().optional(),
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\/.+/, 'must be an smtp:// or smtps:// URL')
      .optional(),
    MAIL_FROM: z.string().min(3).default('hexabill <no-reply@hexabill.local>'),

    /**
     * Tracing (OpenTelemetry), off unless asked for: `otlp` (on by itself when an OTLP endpoint is set),
     * `console` (spans printed, for development) or `none`. The OTLP exporter reads the standard
     * OTEL_EXPORTER_OTLP_* variables itself (headers, timeout, …).
     */
    OTEL_TRACES_EXPORTER: z.enum(['none', 'otlp', 'console']).optional(),
    OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.url().optional(),
    /** `service.name` of the spans; `hexabill-api` / `hexabill-worker` by default. */
    OTEL_SERVICE_NAME: z.string().min(1).optional(),

    DEV_DATA_DIR: z.string().min(1).optional(),
    DEV_ADMIN_EMAIL: z.email().default('admin@hexabill.local'),
    /** `migrate latest` makes this user an admin (creating it with the password below if it does not exist). */
    FIRST_ADMIN_EMAIL: z.email().optional(),
    FIRST_ADMIN_PASSWORD: z.string().optional(),
    /** A file holding the password instead (a mounted secret); one trailing newline is ignored. */
    FIRST_ADMIN_PASSWORD_FILE: z.string().min(1).optional(),
  })
  // Runs even when some fields failed, so one start reports every problem. Fields may then hold
  // raw or missing values, hence the defensive reads.
  .superRefine(
    (c, ctx) => {
      const issue = (path: string, message: string): void => {
        ctx.addIssue({ code: 'custom', path: [path], message });
      };
      if (asNumber(c.SQS_HEARTBEAT_SECONDS) >= asNumber(c.SQS_VISIBILITY_TIMEOUT_SECONDS)) {
        issue('SQS_HEARTBEAT_SECONDS', 'must be shorter than SQS_VISIBILITY_TIMEOUT_SECONDS');
      }
      if (c.FIRST_ADMIN_PASSWORD !== undefined && c.FIRST_ADMIN_PASSWORD_FILE !== undefined) {
        issue('FIRST_ADMIN_PASSWORD_FILE', 'give FIRST_ADMIN_PASSWORD or FIRST_ADMIN_PASSWORD_FILE, not both');
      }
      const firstAdminPassword = c.FIRST_ADMIN_PASSWORD !== undefined || c.FIRST_ADMIN_PASSWORD_FILE !== undefined;
      if (c.FIRST_ADMIN_EMAIL !== undefined && !firstAdminPassword) {
        issue('FIRST_ADMIN_PASSWORD', 'is required with FIRST_ADMIN_EMAIL (or FIRST_ADMIN_PASSWORD_FILE)');
      }
      if (c.FIRST_ADMIN_EMAIL === undefined && firstAdminPassword) issue('FIRST_ADMIN_EMAIL', 'is required with a first admin password');
      if (typeof c.FIRST_ADMIN_PASSWORD === 'string' && c.FIRST_ADMIN_PASSWORD.length < PASSWORD_MIN_LENGTH) {
        issue('FIRST_ADMIN_PASSWORD', `must be at least ${String(PASSWORD_MIN_LENGTH)} characters`);
      }
      if (c.PAYMENT_GATEWAY === 'http' && !c.PAYMENT_GATEWAY_URL) issue('PAYMENT_GATEWAY_URL', 'is required when PAYMENT_GATEWAY=http');
      if (c.MESSAGING_PROVISION === false && !c.SNS_TOPIC_ARN) issue('SNS_TOPIC_ARN', 'is required when MESSAGING_PROVISION=false');
      if (asNumber(c.REFRESH_TOKEN_IDLE_TIMEOUT_SECONDS) > asNumber(c.REFRESH_TOKEN_MAX_LIFETIME_SECONDS)) {
        issue('REFRESH_TOKEN_IDLE_TIMEOUT_SECONDS', 'must not be longer than REFRESH_TOKEN_MAX_LIFETIME_SECONDS');
      }
      if ((c.AWS_ACCESS_KEY_ID === undefined) !== (c.AWS_SECRET_ACCESS_KEY === undefined)) {
        issue(c.AWS_ACCESS_KEY_ID ? 'AWS_SECRET_ACCESS_KEY' : 'AWS_ACCESS_KEY_ID', 'must be set together with the other AWS key variable');
      }
      if (c.NODE_ENV === 'production') {
        const secret = typeof c.JWT_SECRET === 'string' ? c.JWT_SECRET : '';
        if (secret === DEV_JWT_SECRET || PLACEHOLDER.test(secret)) {
          issue('JWT_SECRET', 'is a default or placeholder value; set a random secret of at least 32 characters in production');
        } else if (new Set(secret).size < 10) {
          issue('JWT_SECRET', 'has too few distinct characters to be a real secret');
        }
        if (asNumber(c.SCRYPT_LOG2N) < 17) issue('SCRYPT_LOG2N', 'must be at least 17 (OWASP) in production');
        if (typeof c.AWS_SECRET_ACCESS_KEY === 'string' && PLACEHOLDER.test(c.AWS_SECRET_ACCESS_KEY)) {
          issue('AWS_SECRET_ACCESS_KEY', 'is a placeholder value');
        }
      }
    },
    { when: () => true },
  );

export type Config = z.infer<typeof ConfigSchema>;

/** How spans leave the process, or `none`: what OTEL_TRACES_EXPORTER says, else `otlp` when an endpoint is set. */
export function tracesExporterOf(config: Config): 'none' | 'otlp' | 'console' {
  if (config.OTEL_TRACES_EXPORTER) return config.OTEL_TRACES_EXPORTER;
  return config.OTEL_EXPORTER_OTLP_ENDPOINT || config.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ? 'otlp' : 'none';
}
