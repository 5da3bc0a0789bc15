import { ok, type Logger, type Mail, type MailDeliveryFailed, type Mailer, type Result } from '@hexabill/core';

/**
 * The development mailbox: instead of sending, it writes each e-mail — reset links included — to
 * the log, where the developer running `npm start` reads it. Secrets end up in the log, so the
 * composition root binds it only outside production and when no SMTP server is configured.
 */
export class LogMailer implements Mailer {
  constructor(private readonly logger: Logger) {}

  send(mail: Mail): Promise<Result<void, MailDeliveryFailed>> {
    this.logger.info('development mailbox: e-mail not sent, shown here instead', { to: mail.to, subject: mail.subject, text: mail.text });
    return Promise.resolve(ok(undefined));
  }
}
