import type { Failure } from '../kernel/errors.js';

export const UserErrors = {
  invalidCredentials: (): Failure<'INVALID_CREDENTIALS'> => ({
    code: 'INVALID_CREDENTIALS',
    message: 'The email or password is incorrect.',
  }),
  notFound: (id: string): Failure<'USER_NOT_FOUND'> => ({ code: 'USER_NOT_FOUND', message: `User ${id} was not found.` }),
  emailTaken: (): Failure<'USER_EMAIL_TAKEN'> => ({ code: 'USER_EMAIL_TAKEN', message: 'A user with this email already exists.' }),
  /** Deleting the user would lose the record of money being moved (a charge in flight). */
  paymentInProgress: (id: string): Failure<'USER_HAS_PAYMENT_IN_PROGRESS'> => ({
    code: 'USER_HAS_PAYMENT_IN_PROGRESS',
    message: `User ${id} has a payment being processed; delete the user once it has settled.`,
  }),
  /** Unknown, expired, used or revoked: the client must sign in again. */
  invalidRefreshToken: (): Failure<'INVALID_REFRESH_TOKEN'> => ({
    code: 'INVALID_REFRESH_TOKEN',
    message: 'The refresh token is not valid (unknown, expired or revoked); sign in again.',
  }),
  passwordResetTokenInvalid: (): Failure<'PASSWORD_RESET_TOKEN_INVALID'> => ({
    code: 'PASSWORD_RESET_TOKEN_INVALID',
    message: 'The password reset link is not valid: it is unknown, was used already or has expired. Ask for a new one.',
  }),
  lastAdmin: (): Failure<'USER_LAST_ADMIN'> => ({
    code: 'USER_LAST_ADMIN',
    message: 'This is the last admin; promote another user before changing this role.',
  }),
  /** The mail server refused or could not be reached; the message is retried. */
  mailDeliveryFailed: (reason: string): Failure<'MAIL_DELIVERY_FAILED'> => ({
    code: 'MAIL_DELIVERY_FAILED',
    message: `The e-mail could not be delivered: ${reason}`,
  }),
} as const;

export type InvalidCredentials = ReturnType<typeof UserErrors.invalidCredentials>;
export type UserNotFound = ReturnType<typeof UserErrors.notFound>;
export type UserEmailTaken = ReturnType<typeof UserErrors.emailTaken>;
export type UserHasPaymentInProgress = ReturnType<typeof UserErrors.paymentInProgress>;
export type InvalidRefreshToken = ReturnType<typeof UserErrors.invalidRefreshToken>;
export type PasswordResetTokenInvalid = ReturnType<typeof UserErrors.passwordResetTokenInvalid>;
export type UserLastAdmin = ReturnType<typeof UserErrors.lastAdmin>;
export type MailDeliveryFailed = ReturnType<typeof UserErrors.mailDeliveryFailed>;
/** Every error of the users context. */
export type UserError = ReturnType<(typeof UserErrors)[keyof typeof UserErrors]>;
