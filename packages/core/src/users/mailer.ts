import type { Result } from '../kernel/result.js';
import type { MailDeliveryFailed } from './user-errors.js';

/** A plain-text e-mail to one recipient. */
export interface Mail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

/**
 * Port: sends e-mail (SMTP in production). Only consumers call it, never a request's transaction,
 * so a slow or absent mail server delays a message, not an answer. A failure is `Err`, and the
 * message is delivered to the consumer again.
 */
export interface Mailer {
  send(mail: Mail): Promise<Result<void, MailDeliveryFailed>>;
}
