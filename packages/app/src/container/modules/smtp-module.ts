import { LogMailer, SmtpMailer } from '@hexabill/adapter-smtp';
import { ContainerModule } from 'inversify';
import { checkMailSettings } from '../../config/check-mail.js';
import type { Config } from '../../config/config-schema.js';
import { TOKENS } from '../tokens.js';

/** E-mail: SMTP when SMTP_URL is set; otherwise, outside production only, the development mailbox (the log). */
export function smtpModule(config: Config): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(TOKENS.mailer)
      .toDynamicValue((ctx) => {
        checkMailSettings(config);
        return config.SMTP_URL ? new SmtpMailer({ url: config.SMTP_URL, from: config.MAIL_FROM }) : new LogMailer(ctx.get(TOKENS.logger));
      })
      .onDeactivation((mailer) => {
        if (mailer instanceof SmtpMailer) mailer.close();
      });
  });
}
