import type { Config } from './config-schema.js';
import { ConfigError } from './load-config.js';

/**
 * Password-reset e-mails go out from the worker. Without an SMTP server the development mailbox
 * writes them — reset links included — to the log, which is fine on a laptop and never acceptable
 * in production; and a link to this machine's default address would reach nobody. So production
 * refuses to start the worker until SMTP_URL and PASSWORD_RESET_URL are set.
 */
export function checkMailSettings(config: Config): void {
  if (config.NODE_ENV !== 'production') return;
  const problems: string[] = [];
  if (!config.SMTP_URL) {
    problems.push(
      'SMTP_URL: is required in production — the worker sends password-reset e-mails through it (e.g. smtps://user:password@smtp.example.com:465); without it they would only be written to the log',
    );
  }
  if (!config.PASSWORD_RESET_URL) {
    problems.push("PASSWORD_RESET_URL: is required in production — your app's password-reset page, which reset e-mails link to");
  }
  if (problems.length > 0) throw new ConfigError(problems);
}

/** Where reset e-mails link to: the configured page, or this machine's API port outside production. */
export function passwordResetUrl(config: Config): string {
  return config.PASSWORD_RESET_URL ?? `http://127.0.0.1:${String(config.PORT)}/reset-password`;
}
