import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Money } from '@hexabill/core';
import { paymentGatewayContract } from '@hexabill/core/testing/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DECLINED_CENTS, HttpPaymentGateway, SimulatedPaymentGateway } from '../src/index.js';

/**
 * A small provider on a real socket, speaking the API HttpPaymentGateway expects: POST /charges with an
 * Idempotency-Key; 200 `{charge_id}`, 402 `{reason}` for amounts ending in .13, and whatever
 * `nextStatus` says once (to play an outage).
 */
let provider: Server;
let baseUrl: string;
let nextStatus: number | undefined;
const charges = new Map<string, { status: number; body: object }>();

beforeAll(async () => {
  provider = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      const send = (status: number, body: object): void => {
        res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
      };
      if (nextStatus !== undefined) {
        const status = nextStatus;
        nextStatus = undefined;
        send(status, { error: 'outage' });
        return;
      }
      const key = req.headers['idempotency-key'];
      const body = JSON.parse(raw) as { amount: string };
      if (req.method !== 'POST' || req.url !== '/charges' || typeof key !== 'string') {
        send(400, { error: 'bad request' });
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
  await new Promise((resolve) => provider.close(resolve));
});

const declinedAmount = (): Money => Money.positive(`10.${String(DECLINED_CENTS)}`)._unsafeUnwrap();

paymentGatewayContract('HTTP provider', () =>
  Promise.resolve({ gateway: new HttpPaymentGateway(baseUrl, 2_000), prepareDecline: declinedAmount }),
);
paymentGatewayContract('simulated', () =>
  Promise.resolve({ gateway: new SimulatedPaymentGateway({ latencyMs: 0, failFirst: 0 }), prepareDecline: declinedAmount }),
);

describe('HttpPaymentGateway', () => {
  const charge = (invoice: string) => ({
    idempotencyKey: `${invoice}:1`,
    invoiceId: invoice,
    customerId: '00000000-0000-7000-8000-000000000001',
    amount: Money.positive('5.00')._unsafeUnwrap(),
  });

  it('reports a provider error as unavailable (retryable), not as a decline', async () => {
    nextStatus = 503;
    const result = await new HttpPaymentGateway(baseUrl, 2_000).charge(charge('00000000-0000-7000-8000-0000000000a1'));
    expect(result._unsafeUnwrapErr().code).toBe('PAYMENT_GATEWAY_UNAVAILABLE');
  });

  it('reports a refused connection as unavailable', async () => {
    const result = await new HttpPaymentGateway('http://127.0.0.1:1', 2_000).charge(charge('00000000-0000-7000-8000-0000000000a2'));
    expect(result._unsafeUnwrapErr().code).toBe('PAYMENT_GATEWAY_UNAVAILABLE');
  });
});

describe('SimulatedPaymentGateway', () => {
  it('fails the first N calls as an outage, then charges', async () => {
    const gateway = new SimulatedPaymentGateway({ latencyMs: 0, failFirst: 2 });
    const request = {
      idempotencyKey: 'k:1',
      invoiceId: '00000000-0000-7000-8000-0000000000b1',
      customerId: 'c',
      amount: Money.positive('1.00')._unsafeUnwrap(),
    };
    expect((await gateway.charge(request)).isErr()).toBe(true);
    expect((await gateway.charge(request)).isErr()).toBe(true);
    expect((await gateway.charge(request))._unsafeUnwrap().status).toBe('succeeded');
  });
});
