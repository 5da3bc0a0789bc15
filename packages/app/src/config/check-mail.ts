import type { Config } from './config-schema.js';
import { ConfigError } from './load-config.js';

/**
 * Password-reset e-mails go out from the worker. Without an SMTP server the development mailbox
 * writes them — reset links included — to the log, which is fine on a laptop and never acceptable
 * in production; so production refuses to start the worker until SMTP_URL is set.
 */
export function checkMailSettings(config: Config): void {
  if (config.SMTP_URL || config.NODE_ENV !== 'production') return;
  throw new ConfigError([
    'SMTP_URL: is required in production — the worker sends password-reset e-mails through it (e.g. smtps://user:password@smtp.example.com:465); without it they would only be written to the log',
  ]);
}
