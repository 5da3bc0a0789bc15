import type { PaymentGateway } from '@hexabill/core';
import { FakePaymentGateway } from '@hexabill/core/testing';
import { describe, expect, it } from 'vitest';
import { buildContainer, loadConfig, SimulatedPaymentGateway, TOKENS } from '../src/index.js';

describe('buildContainer', () => {
  it('binds every port, lazily: building touches no database or network', () => {
    const container = buildContainer(loadConfig({ DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' }));
    expect(container.get(TOKENS.gateway)).toBeInstanceOf(SimulatedPaymentGateway);
    expect(Object.keys(container.get(TOKENS.useCases))).toContain('requestInvoicePayment');
  });

  it('lets a test rebind any port to a fake', () => {
    const fake = new FakePaymentGateway();
    const container = buildContainer(loadConfig({ DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' }), (c) => {
      c.rebind<PaymentGateway>(TOKENS.gateway).toConstantValue(fake);
    });
    expect(container.get(TOKENS.gateway)).toBe(fake);
    const handlers = container.get(TOKENS.eventHandlers);
    expect(handlers.map((h) => h.consumer)).toContain('billing.process-invoice-payment');
  });
});
