import { err, ok, UserErrors, type Mail, type MailDeliveryFailed, type Mailer, type Result } from '@hexabill/core';
import { createTransport, type Transporter } from 'nodemailer';

export interface SmtpSettings {
  /** `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://user:pass@host:465` (TLS from the start). */
  readonly url: string;
  /** The sender, e.g. `hexabill <no-reply@example.com>`. */
  readonly from: string;
  /**
   * How long connecting, the server's greeting and each later wait may take. A consumer sends
   * inside its transaction, so a mail server that hangs must not hold a database connection long.
   */
  readonly timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * Core's `Mailer` over SMTP with nodemailer: one connection per mail (reset e-mails are few). A
 * refusal or an unreachable server is `MAIL_DELIVERY_FAILED`, never a throw, so the consumer's
 * message is retried; the error names the server's answer, never the mail.
 */
export class SmtpMailer implements Mailer {
  readonly #transport: Transporter;

  constructor(private readonly settings: SmtpSettings) {
    const timeout = settings.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#transport = createTransport({
      url: settings.url,
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout * 3,
    });
  }

  async send(mail: Mail): Promise<Result<void, MailDeliveryFailed>> {
    try {
      await this.#transport.sendMail({ from: this.settings.from, to: mail.to, subject: mail.subject, text: mail.text });
      return ok(undefined);
    } catch (error) {
      return err(UserErrors.mailDeliveryFailed(error instanceof Error ? error.message : String(error)));
    }
  }

  close(): void {
    this.#transport.close();
  }
}
