import type { Mail } from './mailer.js';

/**
 * The link a reset e-mail carries: the client app's reset page with the token in the fragment, so
 * it never reaches a server's access log or a Referer header — the page reads it and posts it to
 * `POST /auth/password-reset/confirm`.
 */
export function passwordResetLink(pageUrl: string, token: string): string {
  return `${pageUrl}#token=${encodeURIComponent(token)}`;
}

/** What the reset e-mail says. */
export function passwordResetMail(props: { readonly to: string; readonly link: string; readonly validMinutes: number }): Mail {
  return {
    to: props.to,
    subject: 'Reset your hexabill password',
    text: [
      'Someone (hopefully you) asked to reset the password of your hexabill account.',
      '',
      `To choose a new password, open this link within ${String(props.validMinutes)} minutes. It works once:`,
      '',
      props.link,
      '',
      'If you did not ask for this, ignore this e-mail: your password stays as it is.',
      '',
    ].join('\n'),
  };
}
