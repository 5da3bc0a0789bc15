import { ConfigSchema, type Config } from './config-schema.js';
import { withDotEnv } from './dot-env.js';

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Reads the environment once. Every bad or missing variable is reported, each by name.
 * `required` lists variables this entrypoint cannot run without.
 */
export function loadConfig(env: Record<string, string | undefined>, required: readonly (keyof Config)[] = []): Config {
  // An empty variable counts as unset, as in most shells' `VAR=` usage.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = ConfigSchema.safeParse(cleaned);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${issue.path.map(String).join('.') || '(environment)'}: ${issue.message}`);
  if (parsed.success) {
    for (const name of required) {
      if (parsed.data[name] === undefined) problems.push(`${name}: is required`);
    }
  }
  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);
  return withDatabasePassword(parsed.data);
}

/**
 * For entrypoints: the config from the environment and a `.env` file if there is one (see
 * `withDotEnv`), or a message naming every problem on stderr and exit code 1.
 */
export function loadConfigOrExit(env: Record<string, string | undefined>, required: readonly (keyof Config)[] = []): Config {
  try {
    return loadConfig(withDotEnv(env), required);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

/** A password given apart from the URL (a secrets store's field) goes into the URL. */
function withDatabasePassword(config: Config): Config {
  if (!config.DATABASE_PASSWORD || !config.DATABASE_URL) return config;
  const url = new URL(config.DATABASE_URL);
  url.password = encodeURIComponent(config.DATABASE_PASSWORD);
  return { ...config, DATABASE_URL: url.toString() };
}
