import { err, ok, type Result } from '../kernel/result.js';
import type { Mail, Mailer } from '../users/mailer.js';
import { UserErrors, type MailDeliveryFailed } from '../users/user-errors.js';

/** A mailbox in memory: every mail sent, in order; it can be told to fail, as a mail server that is down. */
export class RecordingMailer implements Mailer {
  readonly sent: Mail[] = [];
  #failures = 0;

  /** The next `count` sends fail. */
  failNext(count = 1): this {
    this.#failures += count;
    return this;
  }

  send(mail: Mail): Promise<Result<void, MailDeliveryFailed>> {
    if (this.#failures > 0) {
      this.#failures -= 1;
      return Promise.resolve(err(UserErrors.mailDeliveryFailed('injected failure')));
    }
    this.sent.push({ ...mail });
    return Promise.resolve(ok(undefined));
  }
}
