import { mailerContract } from '@hexabill/core/testing/contracts';
import { RecordingLogger } from '@hexabill/core/testing';
import { describe, expect, it } from 'vitest';
import { LogMailer, SmtpMailer } from '../src/index.js';
import { startTestSmtpServer, unusedPort } from '../src/testing/index.js';

const FROM = 'hexabill <no-reply@hexabill.test>';

mailerContract('SMTP (nodemailer → smtp-server)', async () => {
  const server = await startTestSmtpServer();
  const mailer = new SmtpMailer({ url: server.url, from: FROM });
  const unreachable = new SmtpMailer({ url: `smtp://127.0.0.1:${String(await unusedPort())}`, from: FROM, timeoutMs: 2_000 });
  return {
    mailer,
    unreachable,
    received: () => Promise.resolve(server.received.map((m) => ({ to: m.to.join(', '), subject: m.subject, text: m.text }))),
    close: async () => {
      mailer.close();
      unreachable.close();
      await server.close();
    },
  };
});

describe('SmtpMailer', () => {
  it('sends from the configured address', async () => {
    const server = await startTestSmtpServer();
    const mailer = new SmtpMailer({ url: server.url, from: FROM });
    try {
      await mailer.send({ to: 'ada@example.com', subject: 'Hi', text: 'Hello' });
      const mail = await server.waitForMail((m) => m.subject === 'Hi');
      expect(mail.from).toBe('no-reply@hexabill.test');
      expect(mail.raw).toMatch(/^From: hexabill <no-reply@hexabill\.test>/m);
    } finally {
      mailer.close();
      await server.close();
    }
  });

  it('reports a server that refuses the mail as MAIL_DELIVERY_FAILED, without the mail in the message', async () => {
    const server = await startTestSmtpServer();
    const mailer = new SmtpMailer({ url: server.url, from: FROM });
    try {
      const refused = await mailer.send({ to: 'not an address', subject: 'secret subject', text: 'secret-token-123' });
      const error = refused._unsafeUnwrapErr();
      expect(error.code).toBe('MAIL_DELIVERY_FAILED');
      expect(error.message).not.toContain('secret-token-123');
    } finally {
      mailer.close();
      await server.close();
    }
  });
});

describe('LogMailer (the development mailbox)', () => {
  it('writes the whole mail to the log instead of sending it', async () => {
    const logger = new RecordingLogger();
    const sent = await new LogMailer(logger).send({ to: 'dev@example.com', subject: 'Reset', text: 'open https://x/#token=abc' });
    expect(sent.isOk()).toBe(true);
    expect(logger.entries[0]?.fields).toEqual({ to: 'dev@example.com', subject: 'Reset', text: 'open https://x/#token=abc' });
  });
});
