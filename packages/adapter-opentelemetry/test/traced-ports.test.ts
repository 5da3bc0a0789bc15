import { createTestKit, FakePaymentGateway } from '@hexabill/core/testing';
import { Money, ok, Principals, type UseCases } from '@hexabill/core';
import { SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { startTracing } from '../src/sdk.js';
import { tracedPaymentGateway, tracedUnitOfWork, tracedUseCases } from '../src/index.js';

const exporter = new InMemorySpanExporter();
const tracing = startTracing({ serviceName: 'test', exporter: 'console', spanExporter: exporter });
afterAll(() => tracing.shutdown());
beforeEach(() => {
  exporter.reset();
});

describe('traced ports', () => {
  it('puts each use case in a span, its transaction in a child span, and marks an Err with its code', async () => {
    const kit = createTestKit();
    const only = Object.fromEntries(Object.entries(kit).filter(([, v]) => typeof (v as { execute?: unknown }).execute === 'function'));
    const useCases = tracedUseCases(only as unknown as UseCases);
    const uow = tracedUnitOfWork(kit.uow);
    // The wrapped objects keep working, private fields and all.
    expect(await uow.read((repos) => repos.users.findById(kit.ids.next()))).toBeNull();

    const registered = await useCases.registerUser.execute(
      { email: 'ada@example.com', name: 'Ada', password: 'a-long-password' },
      { principal: Principals.anonymous() },
    );
    expect(registered.isOk()).toBe(true);
    const refused = await useCases.getUser.execute({ id: 'nope' }, { principal: Principals.anonymous() });
    expect(refused.isErr()).toBe(true);

    const spans = exporter.getFinishedSpans();
    const register = spans.find((s) => s.name === 'use_case registerUser');
    const get = spans.find((s) => s.name === 'use_case getUser');
    expect(register?.status.code).not.toBe(SpanStatusCode.ERROR);
    expect(get?.status).toMatchObject({ code: SpanStatusCode.ERROR, message: 'UNAUTHENTICATED' });
    expect(get?.attributes['hexabill.error_code']).toBe('UNAUTHENTICATED');

    expect((await uow.transaction(() => Promise.resolve(ok(1))))._unsafeUnwrap()).toBe(1);
    expect(exporter.getFinishedSpans().filter((s) => s.name === 'unit_of_work.transaction')).toHaveLength(1);
  });

  it('puts each gateway call in a span that records a throw', async () => {
    const gateway = new FakePaymentGateway();
    const traced = tracedPaymentGateway(gateway);
    const charged = await traced.charge({
      idempotencyKey: 'k-1',
      invoiceId: 'i-1',
      customerId: 'c-1',
      amount: Money.positive('1.00')._unsafeUnwrap(),
    });
    expect(charged.isOk()).toBe(true);
    const failing = tracedPaymentGateway({
      charge: (request) => gateway.charge(request),
      refund: (request) => gateway.refund(request),
      lookup: () => Promise.reject(new Error('socket hang up')),
    });
    await expect(failing.lookup('k-1')).rejects.toThrow('socket hang up');
    const spans = exporter.getFinishedSpans();
    expect(spans.find((s) => s.name === 'payment_gateway.charge')?.attributes).toMatchObject({ 'hexabill.idempotency_key': 'k-1' });
    expect(spans.find((s) => s.name === 'payment_gateway.lookup')?.status).toMatchObject({
      code: SpanStatusCode.ERROR,
      message: 'socket hang up',
    });
  });
});
