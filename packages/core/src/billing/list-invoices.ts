import { AccessPolicy } from '../kernel/access-policy.js';
import type { Unauthenticated, ValidationFailed } from '../kernel/errors.js';
import { parseUuid } from '../kernel/ids.js';
import { emptyListing, listFrom, parseListRequest, type ListInput, type Listing } from '../kernel/paging.js';
import type { RequestContext } from '../kernel/request-context.js';
import { err, ok, type Result } from '../kernel/result.js';
import type { UnitOfWork } from '../kernel/unit-of-work.js';
import { optionalField, validateFields } from '../kernel/validation.js';
import type { BillingReads } from './billing-transaction.js';
import { parseInvoiceStatus, type InvoiceView } from './invoice.js';

export interface ListInvoicesInput extends ListInput {
  readonly userId?: string;
  readonly status?: string;
}

/** Admins see every invoice; a user sees only their own, whatever filter they ask for. */
export class ListInvoices {
  constructor(private readonly deps: { readonly uow: UnitOfWork<unknown, BillingReads> }) {}

  async execute(input: ListInvoicesInput, ctx: RequestContext): Promise<Result<Listing<InvoiceView>, Unauthenticated | ValidationFailed>> {
    const actor = AccessPolicy.requireAuthenticated(ctx.principal);
    if (actor.isErr()) return err(actor.error);

    const request = parseListRequest(input);
    if (request.isErr()) return err(request.error);
    const filter = validateFields({
      user_id: optionalField(input.userId, parseUuid),
      status: optionalField(input.status, parseInvoiceStatus),
    });
    if (filter.isErr()) return err(filter.error);

    const { user_id: requested, status } = filter.value;
    const principal = actor.value;
    const privileged = AccessPolicy.isPrivileged(principal);
    // Asking for someone else's invoices: there are none you may see.
    if (!privileged && principal.kind === 'user' && requested !== undefined && requested !== principal.id)
      return ok(emptyListing(request.value));
    const userId = privileged || principal.kind !== 'user' ? requested : principal.id;
    const chosen = { userId, status };

    return ok(
      await this.deps.uow.read(({ invoices }) =>
        listFrom(
          { page: (r) => invoices.page(chosen, r), slice: (r) => invoices.slice(chosen, r), count: () => invoices.count(chosen) },
          request.value,
          (invoice) => invoice.toView(),
        ),
      ),
    );
  }
}
