export { SmtpMailer, type SmtpSettings } from './smtp-mailer.js';
export { LogMailer } from './log-mailer.js';
