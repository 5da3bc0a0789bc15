import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Money } from '@hexabill/core';
import { paymentGatewayContract } from '@hexabill/core/testing/contracts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DECLINED_CENTS, HttpPaymentGateway, SimulatedPaymentGateway } from '../src/index.js';

/**
 * A small provider on a real socket, speaking the API HttpPaymentGateway expects: POST /charges and
 * POST /refunds with an Idempotency-Key, GET /charges/{key}; 200 `{charge_id}`, 402 `{reason}` for
 * amounts ending in .13; and, to play an outage, the statuses queued in `outage` (one per request),
 * or no answer at all while `hanging`.
 */
let provider: Server;
let baseUrl: string;
let outage: number[] = [];
let hanging = false;
let received = 0;
const charges = new Map<string, { status: number; body: object }>();
const refunds = new Map<string, { refund_id: string }>();

beforeAll(async () => {
  provider = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      received += 1;
      if (hanging) return;
      const send = (status: number, body: object): void => {
        res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
      };
      const down = outage.shift();
      if (down !== undefined) {
        send(down, { error: 'outage' });
        return;
      }
      const key = req.headers['idempotency-key'];
      const lookup = /^\/charges\/([^/]+)$/.exec(req.url ?? '');
      if (req.method === 'GET' && lookup?.[1]) {
        const earlier = charges.get(decodeURIComponent(lookup[1]));
        if (earlier) send(earlier.status, earlier.body);
        else send(404, { error: 'no such charge' });
        return;
      }
      if (req.method !== 'POST' || typeof key !== 'string') {
        send(400, { error: 'bad request' });
        return;
      }
      const body = JSON.parse(raw) as { amount: string; charge_id?: string };
      if (req.url === '/refunds') {
        const refund = refunds.get(key) ?? { refund_id: `re_${String(refunds.size + 1)}` };
        refunds.set(key, refund);
        send(200, refund);
        return;
      }
      if (req.url !== '/charges') {
        send(404, { error: 'not found' });
        return;
      }
      const earlier = charges.get(key);
      if (earlier) {
        send(earlier.status, earlier.body);
        return;
      }
      const outcome = body.amount.endsWith('.13')
        ? { status: 402, body: { reason: 'card_declined' } }
        : { status: 200, body: { charge_id: `ch_${String(charges.size + 1)}` } };
      charges.set(key, outcome);
      send(outcome.status, outcome.body);
    });
  });
  await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${String((provider.address() as AddressInfo).port)}`;
});
afterAll(async () => {
  provider.closeAllConnections();
  await new Promise((resolve) => provider.close(resolve));
});
beforeEach(() => {
  outage = [];
  hanging = false;
});

const declinedAmount = (): Money => Money.positive(`10.${String(DECLINED_CENTS)}`)._unsafeUnwrap();

paymentGatewayContract('HTTP provider', () =>
  Promise.resolve({ gateway: new HttpPaymentGateway(baseUrl, { timeoutMs: 2_000 }), prepareDecline: declinedAmount }),
);
paymentGatewayContract('simulated', () =>
  Promise.resolve({ gateway: new SimulatedPaymentGateway({ latencyMs: 0, failFirst: 0 }), prepareDecline: declinedAmount }),
);

let invoiceSequence = 0;
const charge = () => {
  invoiceSequence += 1;
  const invoice = `00000000-0000-7000-8000-${invoiceSequence.toString(16).padStart(12, '0')}`;
  return {
    idempotencyKey: `${invoice}:1`,
    invoiceId: invoice,
    customerId: '00000000-0000-7000-8000-000000000001',
    amount: Money.positive('5.00')._unsafeUnwrap(),
  };
};

describe('HttpPaymentGateway', () => {
  it('reports a provider error as unavailable (retryable), not as a decline', async () => {
    outage = [503];
    const result = await new HttpPaymentGateway(baseUrl, { timeoutMs: 2_000 }).charge(charge());
    expect(result._unsafeUnwrapErr().code).toBe('PAYMENT_GATEWAY_UNAVAILABLE');
  });

  it('reports a refused connection as unavailable, for charges, look-ups and refunds alike', async () => {
    const gateway = new HttpPaymentGateway('http://127.0.0.1:1', { timeoutMs: 2_000 });
    expect((await gateway.charge(charge()))._unsafeUnwrapErr().code).toBe('PAYMENT_GATEWAY_UNAVAILABLE');
    expect((await gateway.lookup('k:1'))._unsafeUnwrapErr().code).toBe('PAYMENT_GATEWAY_UNAVAILABLE');
    const refund = { chargeId: 'ch_1', idempotencyKey: 'refund:k:1', amount: Money.positive('1.00')._unsafeUnwrap() };
    expect((await gateway.refund(refund))._unsafeUnwrapErr().code).toBe('PAYMENT_GATEWAY_UNAVAILABLE');
  });

  it('opens its circuit after repeated failures: further calls are refused without reaching the provider', async () => {
    const gateway = new HttpPaymentGateway(baseUrl, { timeoutMs: 2_000, breakAfterFailures: 3, halfOpenAfterMs: 60_000 });
    outage = [503, 503, 503, 503];
    for (let i = 0; i < 3; i += 1) expect((await gateway.charge(charge())).isErr()).toBe(true);
    expect(gateway.circuitOpen).toBe(true);
    const before = received;
    const refused = await gateway.charge(charge());
    expect(refused._unsafeUnwrapErr().message).toContain('circuit open');
    expect((await gateway.lookup('k:1'))._unsafeUnwrapErr().code).toBe('PAYMENT_GATEWAY_UNAVAILABLE');
    expect(received).toBe(before);
  });

  it('does not make a provider that hangs cost a timeout per call once the circuit is open', async () => {
    const gateway = new HttpPaymentGateway(baseUrl, { timeoutMs: 200, breakAfterFailures: 2, halfOpenAfterMs: 60_000 });
    hanging = true;
    const before = received;
    for (let i = 0; i < 5; i += 1) expect((await gateway.charge(charge())).isErr()).toBe(true);
    // Two calls timed out; the three after them never left the process.
    await expect.poll(() => received - before).toBe(2);
  });

  it('lets a test call through once the circuit has been open a while, and closes on success', async () => {
    const gateway = new HttpPaymentGateway(baseUrl, { timeoutMs: 2_000, breakAfterFailures: 1, halfOpenAfterMs: 50 });
    outage = [503];
    expect((await gateway.charge(charge())).isErr()).toBe(true);
    expect(gateway.circuitOpen).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect((await gateway.charge(charge()))._unsafeUnwrap().status).toBe('succeeded');
    expect(gateway.circuitOpen).toBe(false);
  });

  it('counts a decline and a look-up of an unknown key as answers, not failures', async () => {
    const gateway = new HttpPaymentGateway(baseUrl, { timeoutMs: 2_000, breakAfterFailures: 1, halfOpenAfterMs: 60_000 });
    expect((await gateway.charge({ ...charge(), amount: declinedAmount() }))._unsafeUnwrap().status).toBe('declined');
    expect((await gateway.lookup('never-charged:1'))._unsafeUnwrap()).toEqual({ status: 'not_found' });
    expect(gateway.circuitOpen).toBe(false);
  });
});

describe('SimulatedPaymentGateway', () => {
  it('fails the first N calls as an outage, then charges', async () => {
    const gateway = new SimulatedPaymentGateway({ latencyMs: 0, failFirst: 2 });
    const request = { ...charge(), idempotencyKey: 'k:1' };
    expect((await gateway.charge(request)).isErr()).toBe(true);
    expect((await gateway.charge(request)).isErr()).toBe(true);
    expect((await gateway.charge(request))._unsafeUnwrap().status).toBe('succeeded');
  });
});
