import { describe, expect, it } from 'vitest';
import type { Mail, Mailer } from '../../users/mailer.js';

/**
 * What a mailer test hands the suite: the mailer, what the receiving end got (as plain text), and
 * a mailer of the same kind whose server cannot be reached.
 */
export interface MailerFixture {
  readonly mailer: Mailer;
  received(): Promise<Mail[]>;
  readonly unreachable: Mailer;
  close?(): Promise<void>;
}

const LINK = 'https://app.example.com/reset-password#token=Zm9vYmFyLWJhei1xdXV4LWxvbmctdG9rZW4tdmFsdWUtMTIzNDU2Nzg5MA';

/** What every `Mailer` must do: deliver each mail whole, long lines and non-ASCII text included, and report a failure as `Err`. */
export function mailerContract(name: string, make: () => Promise<MailerFixture>): void {
  describe(`Mailer contract: ${name}`, () => {
    it('delivers the mail to its recipient, subject and text intact', async () => {
      const fixture = await make();
      try {
        const mail = {
          to: 'ada@example.com',
          subject: 'Reset your password — straße',
          text: `Hello Ada,\n\nopen this link (it is long on purpose):\n\n${LINK}\n\nGrüße\n`,
        };
        expect((await fixture.mailer.send(mail)).isOk()).toBe(true);
        const received = await fixture.received();
        expect(received).toHaveLength(1);
        expect(received[0]?.to).toBe('ada@example.com');
        expect(received[0]?.subject).toBe(mail.subject);
        expect(received[0]?.text.replace(/\r\n/g, '\n').trim()).toBe(mail.text.trim());
      } finally {
        await fixture.close?.();
      }
    });

    it('delivers several mails to their own recipients', async () => {
      const fixture = await make();
      try {
        for (const to of ['a@example.com', 'b@example.com']) await fixture.mailer.send({ to, subject: `for ${to}`, text: 'x' });
        expect((await fixture.received()).map((m) => [m.to, m.subject])).toEqual([
          ['a@example.com', 'for a@example.com'],
          ['b@example.com', 'for b@example.com'],
        ]);
      } finally {
        await fixture.close?.();
      }
    });

    it('answers MAIL_DELIVERY_FAILED, not an exception, when the server cannot take the mail', async () => {
      const fixture = await make();
      try {
        const result = await fixture.unreachable.send({ to: 'ada@example.com', subject: 's', text: 't' });
        expect(result._unsafeUnwrapErr().code).toBe('MAIL_DELIVERY_FAILED');
      } finally {
        await fixture.close?.();
      }
    });
  });
}
