import { createHexabillClient } from '@hexabill/adapter-http/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, createAdmin, startInfrastructure, startSystem, waitFor, type Infrastructure, type System } from './support/system.js';

let infra: Infrastructure;
beforeAll(async () => {
  infra = await startInfrastructure();
});
afterAll(async () => {
  await infra.stop();
});

/**
 * The main flow through the typed client TypeScript callers use (`@hexabill/adapter-http/client`):
 * paths, bodies and answers are checked by the compiler against the routes' contracts.
 */
async function payOneInvoice(system: System): Promise<{ invoiceId: string; requestId: string | null; userToken: string }> {
  const anonymous = createHexabillClient(system.baseUrl);
  const admin = await createAdmin(system);
  const email = `payer-${Date.now()}@example.com`;
  const registered = await anonymous.api.v1.users.$post({ json: { email, name: 'Payer', password: 'a-long-password' } });
  if (registered.status !== 201) throw new Error(`register: ${String(registered.status)}`);
  const user = await registered.json();
  const signIn = async (who: string, password: string): Promise<string> => {
    const res = await anonymous.api.v1.auth.token.$post({ json: { email: who, password } });
    if (res.status !== 200) throw new Error(`sign-in: ${String(res.status)}`);
    return (await res.json()).access_token;
  };
  const userToken = await signIn(email, 'a-long-password');
  const adminToken = await signIn(admin.email, admin.password);
  const asAdmin = createHexabillClient(system.baseUrl, { headers: { Authorization: `Bearer ${adminToken}` } });
  const asUser = createHexabillClient(system.baseUrl, { headers: { Authorization: `Bearer ${userToken}` } });

  const created = await asAdmin.api.v1.invoices.$post({ header: {}, json: { user_id: user.id, amount: '100.00' } });
  if (created.status !== 201) throw new Error(`invoice: ${String(created.status)}`);
  const invoice = await created.json();
  expect(invoice).toMatchObject({ user_id: user.id, amount: '100.00', status: 'pending' });
  const requested = await asUser.api.v1.invoices[':id']['request-payment'].$post({ param: { id: invoice.id }, header: {} });
  expect(requested.status).toBe(202);
  return { invoiceId: invoice.id, requestId: requested.headers.get('x-request-id'), userToken };
}

async function eventsOf(
  system: System,
  invoiceId: string,
): Promise<{ event_type: string; published_at: Date | null; headers: { correlation_id: string } }[]> {
  return system.knex('outbox').where({ aggregate_id: invoiceId }).orderBy('id').select('event_type', 'published_at', 'headers');
}

describe('end to end on PostgreSQL + SNS/SQS over real HTTP', () => {
  it('register → token → invoice → request payment → the worker pays → GET shows paid, one invoice.paid published', async () => {
    const system = await startSystem(infra);
    try {
      const { invoiceId, requestId, userToken } = await payOneInvoice(system);
      const api = client(system.baseUrl);
      const paid = await waitFor(
        () => api.call('GET', `/api/v1/invoices/${invoiceId}`, { token: userToken }),
        (r) => r.body.status === 'paid',
      );
      expect(paid.body.paid_at).toEqual(expect.any(String));

      const events = await waitFor(
        () => eventsOf(system, invoiceId),
        (rows) => rows.some((r) => r.event_type === 'invoice.paid' && r.published_at !== null),
      );
      expect(events.map((e) => e.event_type)).toEqual(['invoice.created', 'invoice.payment_requested', 'invoice.paid']);
      // The request id of the HTTP call becomes the correlation id of the chain it caused…
      expect(events[1]?.headers.correlation_id).toBe(requestId);
      expect(events[2]?.headers.correlation_id).toBe(requestId);
      // …and appears in the worker's log lines for those events.
      const workerLines = system.logger.entries.filter((e) => e.fields.consumer === 'billing.process-invoice-payment');
      expect(workerLines.length).toBeGreaterThan(0);
      expect(workerLines.every((e) => e.fields.correlation_id === requestId)).toBe(true);

      // The audit consumer saw invoice.paid exactly once.
      await waitFor(
        () => system.knex('processed_messages').where({ consumer: 'audit.invoice-events' }).count({ n: '*' }),
        (rows) => Number(rows[0]?.n) >= 2,
      );
      const paidEvent = await system.knex('outbox').where({ aggregate_id: invoiceId, event_type: 'invoice.paid' }).first();
      const seen = await system.knex('processed_messages').where({ consumer: 'audit.invoice-events', event_id: paidEvent.event_id });
      expect(seen).toHaveLength(1);
    } finally {
      await system.stop();
    }
  });

  it('pays once when the gateway fails transiently first', async () => {
    const system = await startSystem(infra, {
      env: { SIMULATED_GATEWAY_FAIL_FIRST: '2', MESSAGING_PREFIX: `${infra.env().MESSAGING_PREFIX}t` },
    });
    try {
      const { invoiceId, userToken } = await payOneInvoice(system);
      const api = client(system.baseUrl);
      const paid = await waitFor(
        () => api.call('GET', `/api/v1/invoices/${invoiceId}`, { token: userToken }),
        (r) => r.body.status === 'paid',
        30_000,
      );
      expect(paid.body.paid_at).toEqual(expect.any(String));
      const retries = system.logger.entries.filter((e) => e.message.startsWith('payment gateway unavailable'));
      expect(retries).toHaveLength(2);
      const events = await eventsOf(system, invoiceId);
      expect(events.filter((e) => e.event_type === 'invoice.paid')).toHaveLength(1);
    } finally {
      await system.stop();
    }
  });
});
