import { AccessPolicy } from '../kernel/access-policy.js';
import type { Unauthenticated } from '../kernel/errors.js';
import { isUuid } from '../kernel/ids.js';
import type { RequestContext } from '../kernel/request-context.js';
import { err, ok, type Result } from '../kernel/result.js';
import type { UnitOfWork } from '../kernel/unit-of-work.js';
import type { BillingReads } from './billing-transaction.js';
import { BillingErrors, type InvoiceNotFound } from './invoice-errors.js';
import type { InvoiceView } from './invoice.js';

/** The owner, an admin or the system may read an invoice; to anyone else it does not exist. */
export class GetInvoice {
  constructor(private readonly deps: { readonly uow: UnitOfWork<unknown, BillingReads> }) {}

  async execute(input: { readonly id: string }, ctx: RequestContext): Promise<Result<InvoiceView, Unauthenticated | InvoiceNotFound>> {
    const actor = AccessPolicy.requireAuthenticated(ctx.principal);
    if (actor.isErr()) return err(actor.error);
    if (!isUuid(input.id)) return err(BillingErrors.invoiceNotFound(input.id));

    const invoice = await this.deps.uow.read((repos) => repos.invoices.findById(input.id));
    if (!invoice || !AccessPolicy.mayActOnUser(actor.value, invoice.userId)) return err(BillingErrors.invoiceNotFound(input.id));
    return ok(invoice.toView());
  }
}
