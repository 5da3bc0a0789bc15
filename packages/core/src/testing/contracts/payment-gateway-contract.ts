import { describe, expect, it } from 'vitest';
import type { PaymentGateway } from '../../billing/payment-gateway.js';
import { Money } from '../../kernel/money.js';

export interface PaymentGatewayFixture {
  readonly gateway: PaymentGateway;
  /** Arranges for the next new charge to be declined, and returns an amount to charge for it. */
  prepareDecline(): Money;
}

const CUSTOMER = '00000000-0000-7000-8000-000000000001';
let sequence = 0;
const request = (amount = '25.00') => {
  sequence += 1;
  const invoiceId = `00000000-0000-7000-8000-${sequence.toString(16).padStart(12, '0')}`;
  return { idempotencyKey: `${invoiceId}:1`, invoiceId, customerId: CUSTOMER, amount: Money.positive(amount)._unsafeUnwrap() };
};

/**
 * What every payment gateway must do: charge once per idempotency key, report a decline as a value,
 * tell by the key whether a charge was made (at once, not eventually), and refund a charge once.
 */
export function paymentGatewayContract(name: string, make: () => Promise<PaymentGatewayFixture>): void {
  describe(`PaymentGateway contract: ${name}`, () => {
    it('charges once per idempotency key: the same key answers the first outcome again', async () => {
      const { gateway } = await make();
      const charge = request();
      const first = (await gateway.charge(charge))._unsafeUnwrap();
      const again = (await gateway.charge(charge))._unsafeUnwrap();
      expect(first.status).toBe('succeeded');
      expect(again).toEqual(first);
    });

    it('makes a separate charge for another key', async () => {
      const { gateway } = await make();
      const a = (await gateway.charge(request()))._unsafeUnwrap();
      const b = (await gateway.charge(request()))._unsafeUnwrap();
      expect(a.status === 'succeeded' && b.status === 'succeeded' && a.chargeId !== b.chargeId).toBe(true);
    });

    it('reports a decline as a final outcome with a reason, and repeats it for the same key', async () => {
      const fixture = await make();
      const charge = { ...request(), amount: fixture.prepareDecline() };
      const declined = (await fixture.gateway.charge(charge))._unsafeUnwrap();
      expect(declined).toMatchObject({ status: 'declined' });
      expect(declined.status === 'declined' && declined.reason.length > 0).toBe(true);
      expect((await fixture.gateway.charge(charge))._unsafeUnwrap()).toEqual(declined);
    });

    it('looks a key up: not found before any charge, then the charge made with it', async () => {
      const { gateway } = await make();
      const charge = request();
      expect((await gateway.lookup(charge.idempotencyKey))._unsafeUnwrap()).toEqual({ status: 'not_found' });
      // A look-up charges nothing: the charge after it is the first.
      const made = (await gateway.charge(charge))._unsafeUnwrap();
      expect((await gateway.lookup(charge.idempotencyKey))._unsafeUnwrap()).toEqual(made);
      expect((await gateway.lookup(request().idempotencyKey))._unsafeUnwrap()).toEqual({ status: 'not_found' });
    });

    it('looks up a declined key as declined', async () => {
      const fixture = await make();
      const charge = { ...request(), amount: fixture.prepareDecline() };
      const declined = (await fixture.gateway.charge(charge))._unsafeUnwrap();
      expect((await fixture.gateway.lookup(charge.idempotencyKey))._unsafeUnwrap()).toEqual(declined);
    });

    it('refunds a charge once per refund key', async () => {
      const { gateway } = await make();
      const charge = request('30.00');
      const made = (await gateway.charge(charge))._unsafeUnwrap();
      if (made.status !== 'succeeded') throw new Error('expected a charge');
      const refund = { chargeId: made.chargeId, idempotencyKey: `refund:${charge.idempotencyKey}`, amount: charge.amount };
      const first = (await gateway.refund(refund))._unsafeUnwrap();
      expect(first.refundId.length).toBeGreaterThan(0);
      expect((await gateway.refund(refund))._unsafeUnwrap()).toEqual(first);
    });
  });
}
