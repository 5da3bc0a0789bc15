import { AccessPolicy } from '../shared/access-policy.js';
import { DomainErrors, type InvoiceNotFound, type Unauthenticated } from '../shared/domain-error.js';
import { isUuid } from '../shared/ids.js';
import type { RequestContext } from '../shared/request-context.js';
import { err, ok, type Result } from '../shared/result.js';
import type { UnitOfWork } from '../shared/unit-of-work.js';
import type { InvoiceView } from './invoice.js';

/** The owner, an admin or the system may read an invoice; to anyone else it does not exist. */
export class GetInvoice {
  constructor(private readonly deps: { readonly uow: UnitOfWork }) {}

  async execute(input: { readonly id: string }, ctx: RequestContext): Promise<Result<InvoiceView, Unauthenticated | InvoiceNotFound>> {
    const actor = AccessPolicy.requireAuthenticated(ctx.principal);
    if (actor.isErr()) return err(actor.error);
    if (!isUuid(input.id)) return err(DomainErrors.invoiceNotFound(input.id));

    const invoice = await this.deps.uow.read((repos) => repos.invoices.findById(input.id));
    if (!invoice || !AccessPolicy.mayActOnUser(actor.value, invoice.userId)) {
      return err(DomainErrors.invoiceNotFound(input.id));
    }
    return ok(invoice.toView());
  }
}
