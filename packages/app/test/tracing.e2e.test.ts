import { startTracing, type Tracing } from '@hexabill/adapter-opentelemetry/sdk';
import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, createAdmin, startInfrastructure, startSystem, waitFor, type Infrastructure } from './support/system.js';

/**
 * One trace from the HTTP request through the outbox, SNS and SQS to the worker: the SDK with an
 * in-memory exporter is registered in this process, where the test runs the API and the worker, so
 * only the W3C context carried by the outbox row and the message attributes can tie the worker's
 * spans to the request's (the relay and the consumers run outside the request's async context).
 */
let infra: Infrastructure;
let tracing: Tracing;
const exporter = new InMemorySpanExporter();
beforeAll(async () => {
  infra = await startInfrastructure();
  tracing = startTracing({ serviceName: 'hexabill-test', exporter: 'console', spanExporter: exporter });
});
afterAll(async () => {
  await tracing.shutdown();
  await infra.stop();
});

const idOf = (span: ReadableSpan): string => span.spanContext().spanId;
const parentOf = (span: ReadableSpan): string | undefined => span.parentSpanContext?.spanId;

describe('tracing over real HTTP, PostgreSQL and SNS/SQS', () => {
  it('request-payment → paid is one trace: HTTP span, use case, transaction, publish, the consumer (redelivery included), the gateway, invoice.paid onward', async () => {
    // The first charge fails: the message is redelivered, and the redelivery must join the same trace.
    const system = await startSystem(infra, { env: { OTEL_TRACES_EXPORTER: 'console', SIMULATED_GATEWAY_FAIL_FIRST: '1' } });
    try {
      const api = client(system.baseUrl);
      const admin = await createAdmin(system);
      const adminToken = (await api.call('POST', '/api/v1/auth/token', { body: { email: admin.email, password: admin.password } })).body
        .access_token as string;
      const email = `traced-${String(Date.now())}@example.com`;
      const user = (await api.call('POST', '/api/v1/users', { body: { email, name: 'Traced', password: 'a-long-password' } })).body;
      const signIn = await api.call('POST', '/api/v1/auth/token', { body: { email, password: 'a-long-password' } });
      expect(signIn.status, JSON.stringify(signIn.body)).toBe(200);
      const token = signIn.body.access_token as string;
      const invoice = (await api.call('POST', '/api/v1/invoices', { token: adminToken, body: { user_id: user.id, amount: '10.00' } })).body;
      exporter.reset();

      const requested = await api.call('POST', `/api/v1/invoices/${String(invoice.id)}/request-payment`, { token });
      expect(requested.status, JSON.stringify(requested.body)).toBe(202);
      await waitFor(
        () => api.call('GET', `/api/v1/invoices/${String(invoice.id)}`, { token }),
        (r) => r.body.status === 'paid',
        30_000,
      );
      const spans = await waitFor(
        () => Promise.resolve(exporter.getFinishedSpans()),
        (all) => all.some((s) => s.name === 'process audit.invoice-events' && s.attributes['hexabill.event_type'] === 'invoice.paid'),
        15_000,
      );

      const server = spans.find((s) => s.kind === SpanKind.SERVER && s.name === 'POST /api/v1/invoices/:id/request-payment');
      if (!server) throw new Error(`no server span among: ${spans.map((s) => s.name).join(', ')}`);
      expect(server.attributes).toMatchObject({
        'http.response.status_code': 202,
        'hexabill.request_id': requested.headers.get('x-request-id'),
      });
      const traceId = server.spanContext().traceId;
      const inTrace = spans.filter((s) => s.spanContext().traceId === traceId);
      const named = (name: string): ReadableSpan[] => inTrace.filter((s) => s.name === name);
      const one = (name: string): ReadableSpan => {
        const [found, ...more] = named(name);
        if (!found || more.length > 0) throw new Error(`expected one "${name}" in the trace, got ${String(named(name).length)}`);
        return found;
      };

      // In the API: server → use case → transaction, whose outbox row carries the context on.
      const useCase = one('use_case requestInvoicePayment');
      expect(parentOf(useCase)).toBe(idOf(server));
      const transaction = named('unit_of_work.transaction').find((s) => parentOf(s) === idOf(useCase));
      if (!transaction) throw new Error('no transaction span under the use case');
      const publishRequested = one('publish invoice.payment_requested');
      expect(publishRequested.kind).toBe(SpanKind.PRODUCER);
      expect(parentOf(publishRequested)).toBe(idOf(transaction));

      // In the worker: each delivery is a consumer span under the publish span, the same trace.
      const deliveries = named('process billing.process-invoice-payment');
      expect(deliveries.map((s) => s.attributes['hexabill.delivery_attempt']).sort()).toEqual([1, 2]);
      for (const delivery of deliveries) {
        expect(delivery.kind).toBe(SpanKind.CONSUMER);
        expect(parentOf(delivery)).toBe(idOf(publishRequested));
      }
      const [first, second] = [...deliveries].sort(
        (a, b) => Number(a.attributes['hexabill.delivery_attempt']) - Number(b.attributes['hexabill.delivery_attempt']),
      );
      expect(first?.attributes['hexabill.outcome']).toBe('PAYMENT_GATEWAY_UNAVAILABLE');
      expect(second?.attributes['hexabill.outcome']).toBe('handled');
      const charges = named('payment_gateway.charge');
      expect(charges.map(parentOf).sort()).toEqual([idOf(first!), idOf(second!)].sort());

      // invoice.paid, written in the second delivery's settling transaction, goes on in the same trace.
      const publishPaid = one('publish invoice.paid');
      const settling = inTrace.find((s) => s.spanContext().spanId === parentOf(publishPaid));
      expect(settling?.name).toBe('unit_of_work.transaction');
      expect(parentOf(settling!)).toBe(idOf(second!));
      const audit = inTrace.filter((s) => s.name === 'process audit.invoice-events' && parentOf(s) === idOf(publishPaid));
      expect(audit).toHaveLength(1);
    } finally {
      await system.stop();
    }
  });
});
