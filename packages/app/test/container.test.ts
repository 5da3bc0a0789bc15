import { LogMailer, SmtpMailer } from '@hexabill/adapter-smtp';
import { Principals, type HexabillUnitOfWork, type PaymentGateway } from '@hexabill/core';
import { aUser, anInvoice, FakePaymentGateway, InMemoryUnitOfWork } from '@hexabill/core/testing';
import { describe, expect, it } from 'vitest';
import { buildContainer, loadConfig, TOKENS } from '../src/index.js';

const config = () => loadConfig({ DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });

describe('buildContainer', () => {
  it('binds every port, lazily: building touches no database or network', () => {
    const container = buildContainer(config());
    // The simulated provider, behind the observation that feeds the payment metrics.
    expect(container.get(TOKENS.gateway)).toEqual(expect.objectContaining({ charge: expect.any(Function), refund: expect.any(Function) }));
    expect(Object.keys(container.get(TOKENS.useCases))).toContain('requestInvoicePayment');
    expect(container.get(TOKENS.api)).toBeDefined();
  });

  it('sends e-mail over SMTP when SMTP_URL is set, writes it to the log in development otherwise, and refuses that in production', async () => {
    expect(await buildContainer(config()).getAsync(TOKENS.mailer)).toBeInstanceOf(LogMailer);
    const smtp = buildContainer(loadConfig({ DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', SMTP_URL: 'smtp://127.0.0.1:1' }));
    expect(await smtp.getAsync(TOKENS.mailer)).toBeInstanceOf(SmtpMailer);
    const production = loadConfig({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
      JWT_SECRET: 'k2J9xQ7vB4nM1pL8zR6tY3wE5uI0oA2sD7fG',
    });
    await expect(buildContainer(production).getAsync(TOKENS.mailer)).rejects.toThrow(
      /SMTP_URL: is required in production.*PASSWORD_RESET_URL: is required/s,
    );
    const configured = { ...production, SMTP_URL: 'smtps://u:p@smtp.example.com:465', PASSWORD_RESET_URL: 'https://app.example.com/reset' };
    expect(await buildContainer(configured).getAsync(TOKENS.mailer)).toBeInstanceOf(SmtpMailer);
    // The API sends no mail, so it starts without SMTP settings.
    expect(buildContainer(production).get(TOKENS.api)).toBeDefined();
  });

  it('lets a test rebind ports to fakes, and what is built on them uses the fakes', async () => {
    const gateway = new FakePaymentGateway();
    const uow = new InMemoryUnitOfWork();
    const container = buildContainer(config(), (c) => {
      c.rebind<PaymentGateway>(TOKENS.gateway).toConstantValue(gateway);
      c.rebind<HexabillUnitOfWork>(TOKENS.uow).toConstantValue(uow);
    });
    const owner = aUser();
    const invoice = anInvoice({ userId: owner.id });
    await uow.transaction(async (tx) => {
      await tx.users.add(owner);
      return tx.invoices.add(invoice);
    });
    await container.get(TOKENS.useCases).requestInvoicePayment.execute({ id: invoice.id }, { principal: Principals.user(owner.id) });

    const [requested] = uow.outbox.envelopes;
    const charging = (await container.getAsync(TOKENS.eventHandlers)).find(
      (h) => h.subscription.consumer === 'billing.process-invoice-payment',
    );
    expect((await charging?.handle(requested!, { attempt: 1, maxAttempts: 5 }))?._unsafeUnwrap()).toBe('handled');
    expect(gateway.successfulCharges.map((c) => c.request.invoiceId)).toEqual([invoice.id]);
    expect(uow.database.committed.invoices.get(invoice.id)?.status).toBe('paid');
  });
});
