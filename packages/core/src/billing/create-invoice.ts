import { AccessPolicy } from '../kernel/access-policy.js';
import type { Clock } from '../kernel/clock.js';
import type { Forbidden, IdempotencyError, Unauthenticated, ValidationFailed } from '../kernel/errors.js';
import { parseUuid, type IdGenerator } from '../kernel/ids.js';
import { DEFAULT_CURRENCY, Money, parseCurrency } from '../kernel/money.js';
import type { RequestContext } from '../kernel/request-context.js';
import { err, type Result } from '../kernel/result.js';
import { validateFields } from '../kernel/validation.js';
import type { UserNotFound } from '../users/user-errors.js';
import type { BillingUnitOfWork } from './billing-transaction.js';
import { Invoice, type InvoiceView } from './invoice.js';

export interface CreateInvoiceInput {
  readonly userId: string;
  readonly amount: string | number;
  readonly currency?: string;
}

export type CreateInvoiceError = Unauthenticated | Forbidden | ValidationFailed | UserNotFound | IdempotencyError;

/** Admins bill a user: a `pending` invoice and `invoice.created`. */
export class CreateInvoice {
  constructor(private readonly deps: { readonly uow: BillingUnitOfWork; readonly ids: IdGenerator; readonly clock: Clock }) {}

  async execute(input: CreateInvoiceInput, ctx: RequestContext): Promise<Result<InvoiceView, CreateInvoiceError>> {
    const admin = AccessPolicy.requireAdmin(ctx.principal);
    if (admin.isErr()) return err(admin.error);

    const currency = parseCurrency(input.currency ?? DEFAULT_CURRENCY);
    const fields = validateFields({
      user_id: parseUuid(input.userId),
      amount: Money.positive(input.amount, currency.unwrapOr(DEFAULT_CURRENCY)),
      currency,
    });
    if (fields.isErr()) return err(fields.error);
    const { user_id: userId, amount } = fields.value;

    const invoice = Invoice.create({ id: this.deps.ids.next(), userId, amount, now: this.deps.clock.now() });
    // No read of the user first: the store refuses an invoice without an owner (UserNotFound).
    return this.deps.uow.transaction(async (tx) => (await tx.invoices.add(invoice)).map(() => invoice.toView()), ctx);
  }
}
