import { AccessPolicy } from '../shared/access-policy.js';
import type { Clock } from '../shared/clock.js';
import { DomainErrors, type Forbidden, type Unauthenticated, type UserNotFound, type ValidationFailed } from '../shared/domain-error.js';
import { parseUuid, type IdGenerator } from '../shared/ids.js';
import { DEFAULT_CURRENCY, Money, parseCurrency } from '../shared/money.js';
import type { RequestContext } from '../shared/request-context.js';
import { err, type Result } from '../shared/result.js';
import type { UnitOfWork } from '../shared/unit-of-work.js';
import { validateFields } from '../shared/validation.js';
import { freshValue, runIdempotently, type Idempotent, type IdempotencyError, type IdempotencyRequest } from '../shared/idempotent.js';
import { Invoice, type InvoiceView } from './invoice.js';

export interface CreateInvoiceInput {
  readonly userId: string;
  readonly amount: string | number;
  readonly currency?: string;
}

export type CreateInvoiceError = Unauthenticated | Forbidden | ValidationFailed | UserNotFound | IdempotencyError;

/** Admins bill a user: a `pending` invoice and `invoice.created`. */
export class CreateInvoice {
  constructor(private readonly deps: { readonly uow: UnitOfWork; readonly ids: IdGenerator; readonly clock: Clock }) {}

  async execute(input: CreateInvoiceInput, ctx: RequestContext): Promise<Result<InvoiceView, CreateInvoiceError>> {
    return freshValue(await this.executeIdempotent(input, ctx, undefined));
  }

  /** With an idempotency request, a repeat of the same request replays the first answer and bills nobody twice. */
  async executeIdempotent(
    input: CreateInvoiceInput,
    ctx: RequestContext,
    idempotency: IdempotencyRequest<InvoiceView> | undefined,
  ): Promise<Result<Idempotent<InvoiceView>, CreateInvoiceError>> {
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

    return this.deps.uow.transaction(
      (tx) =>
        runIdempotently(tx.idempotencyKeys, this.deps.clock, ctx.principal, idempotency, async () => {
          if (!(await tx.users.findById(userId))) return err(DomainErrors.userNotFound(userId));
          const invoice = Invoice.create({ id: this.deps.ids.next(), userId, amount, now: this.deps.clock.now() });
          const added = await tx.invoices.add(invoice);
          return added.map(() => invoice.toView());
        }),
      { correlationId: ctx.correlationId },
    );
  }
}
