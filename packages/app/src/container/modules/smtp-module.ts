import type * as SmtpAdapter from '@hexabill/adapter-smtp';
import { ContainerModule } from 'inversify';
import { checkMailSettings } from '../../config/check-mail.js';
import type { Config } from '../../config/config-schema.js';
import { TOKENS } from '../tokens.js';

/**
 * E-mail: SMTP when SMTP_URL is set; otherwise, outside production only, the development mailbox (the
 * log). Only the worker sends mail, so the adapter (nodemailer) is loaded on first use, never by the API:
 * the binding is asynchronous (`getAsync`).
 */
export function smtpModule(config: Config): ContainerModule {
  return new ContainerModule(({ bind }) => {
    let smtp: SmtpAdapter.SmtpMailer | undefined;
    bind(TOKENS.mailer)
      .toDynamicValue(async (ctx) => {
        checkMailSettings(config);
        const { LogMailer, SmtpMailer } = await import('@hexabill/adapter-smtp');
        if (!config.SMTP_URL) return new LogMailer(ctx.get(TOKENS.logger));
        smtp = new SmtpMailer({ url: config.SMTP_URL, from: config.MAIL_FROM });
        return smtp;
      })
      .onDeactivation(() => {
        smtp?.close();
      });
  });
}
