import { anInvoice } from '@hexabill/core/testing';
import { describe, expect, it } from 'vitest';
import { InvoiceSchema } from '../src/schemas/invoice-schemas.js';
import { DEFAULT_TEST_PASSWORD, expectBody, expectProblem, harness } from './harness.js';

describe('Idempotency-Key', () => {
  it('replays the first status and body for the same key and body, with one invoice created', async () => {
    const h = harness();
    const admin = await h.userWithToken('admin');
    const user = await h.userWithToken();
    const send = (amount: string) =>
      h.call('POST', '/api/v1/invoices', {
        token: admin.token,
        headers: { 'Idempotency-Key': 'key-1' },
        body: { user_id: user.id, amount },
      });
    const first = await send('10.00');
    const firstBody = await expectBody(first, 201, InvoiceSchema);
    const second = await send('10.00');
    expect(await expectBody(second, 201, InvoiceSchema)).toEqual(firstBody);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(h.kit.database.committed.invoices.size).toBe(1);
    await expectProblem(await send('11.00'), 422, 'IDEMPOTENCY_KEY_REUSED');
  });

  it('does not store a request that failed validation, so a corrected retry with the key works', async () => {
    const h = harness();
    const admin = await h.userWithToken('admin');
    const user = await h.userWithToken();
    const headers = { 'Idempotency-Key': 'key-2' };
    await expectProblem(
      await h.call('POST', '/api/v1/invoices', { token: admin.token, headers, body: { user_id: user.id, amount: '0' } }),
      422,
    );
    await expectBody(
      await h.call('POST', '/api/v1/invoices', { token: admin.token, headers, body: { user_id: user.id, amount: '1.00' } }),
      201,
      InvoiceSchema,
    );
  });

  it('scopes keys to the principal and works on request-payment', async () => {
    const h = harness();
    const alice = await h.userWithToken();
    const bob = await h.userWithToken();
    const a = anInvoice({ userId: alice.id });
    const b = anInvoice({ userId: bob.id });
    await h.kit.seed(a, b);
    const headers = { 'Idempotency-Key': 'same-key' };
    const aliceFirst = await h.call('POST', `/api/v1/invoices/${a.id}/request-payment`, { token: alice.token, headers });
    await expectBody(aliceFirst, 202, InvoiceSchema);
    const aliceAgain = await h.call('POST', `/api/v1/invoices/${a.id}/request-payment`, { token: alice.token, headers });
    expect(aliceAgain.status).toBe(202);
    expect(aliceAgain.headers.get('idempotent-replayed')).toBe('true');
    const bobs = await h.call('POST', `/api/v1/invoices/${b.id}/request-payment`, { token: bob.token, headers });
    expect((await expectBody(bobs, 202, InvoiceSchema)).id).toBe(b.id);
    expect(h.kit.outbox.envelopes.filter((e) => e.event_type === 'invoice.payment_requested')).toHaveLength(2);
  });

  it('refuses an over-long key', async () => {
    const h = harness();
    const admin = await h.userWithToken('admin');
    await expectProblem(
      await h.call('POST', '/api/v1/invoices', {
        token: admin.token,
        headers: { 'Idempotency-Key': 'k'.repeat(300) },
        body: { user_id: admin.id, amount: '1.00' },
      }),
      422,
    );
  });
});

describe('login rate limits', () => {
  const signIn = (h: ReturnType<typeof harness>, email: string, password: string, address: string) =>
    h.call('POST', '/api/v1/auth/token', { body: { email, password }, headers: { 'X-Test-Client': address } });

  it('answers 429 with Retry-After after too many attempts on one account from one address, and the owner elsewhere still gets in', async () => {
    const h = harness();
    const me = await h.userWithToken();
    for (let i = 0; i < 5; i += 1) await expectProblem(await signIn(h, me.email, 'wrong', '198.51.100.1'), 401);
    const limited = await signIn(h, me.email, 'wrong', '198.51.100.1');
    await expectProblem(limited, 429, 'RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // The attacker's failures do not lock the owner out: from their own address the right password works.
    expect((await signIn(h, me.email, DEFAULT_TEST_PASSWORD, '203.0.113.50')).status).toBe(200);
  });

  it('stops guessing spread over many addresses at the per-account ceiling', async () => {
    const h = harness();
    const me = await h.userWithToken();
    for (let i = 0; i < 50; i += 1) await expectProblem(await signIn(h, me.email, 'wrong', `198.51.${String(i)}.1`), 401);
    await expectProblem(await signIn(h, me.email, 'wrong', '192.0.2.200'), 429, 'RATE_LIMITED');
  });

  it('answers 429 once one address has tried too many accounts', async () => {
    const h = harness();
    for (let i = 0; i < 20; i += 1) {
      await expectProblem(await h.call('POST', '/api/v1/auth/token', { body: { email: `nobody${i}@example.com`, password: 'x' } }), 401);
    }
    await expectProblem(await h.call('POST', '/api/v1/auth/token', { body: { email: 'nobody-else@example.com', password: 'x' } }), 429);
    // Another address is unaffected.
    await expectProblem(
      await h.call('POST', '/api/v1/auth/token', {
        body: { email: 'nobody-else@example.com', password: 'x' },
        headers: { 'X-Test-Client': '192.0.2.7' },
      }),
      401,
    );
  });
});
