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
} as const;

export type InvalidCredentials = ReturnType<typeof UserErrors.invalidCredentials>;
export type UserNotFound = ReturnType<typeof UserErrors.notFound>;
export type UserEmailTaken = ReturnType<typeof UserErrors.emailTaken>;
export type UserHasPaymentInProgress = ReturnType<typeof UserErrors.paymentInProgress>;
/** Every error of the users context. */
export type UserError = ReturnType<(typeof UserErrors)[keyof typeof UserErrors]>;
