import type { Failure } from '../kernel/errors.js';

export type InvalidCredentials = Failure<'INVALID_CREDENTIALS'>;
export type UserNotFound = Failure<'USER_NOT_FOUND'>;
export type UserEmailTaken = Failure<'USER_EMAIL_TAKEN'>;
/** Deleting the user would lose the record of money being moved (a charge in flight). */
export type UserHasPaymentInProgress = Failure<'USER_HAS_PAYMENT_IN_PROGRESS'>;

export type UserError = InvalidCredentials | UserNotFound | UserEmailTaken | UserHasPaymentInProgress;

export const UserErrors = {
  invalidCredentials: (): InvalidCredentials => ({
    code: 'INVALID_CREDENTIALS',
    message: 'The email or password is incorrect.',
  }),
  notFound: (id: string): UserNotFound => ({ code: 'USER_NOT_FOUND', message: `User ${id} was not found.` }),
  emailTaken: (): UserEmailTaken => ({ code: 'USER_EMAIL_TAKEN', message: 'A user with this email already exists.' }),
  paymentInProgress: (id: string): UserHasPaymentInProgress => ({
    code: 'USER_HAS_PAYMENT_IN_PROGRESS',
    message: `User ${id} has a payment being processed; delete the user once it has settled.`,
  }),
} as const;
