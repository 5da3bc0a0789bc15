import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, createAdmin, login, startInfrastructure, startSystem, type Infrastructure, type System } from './support/system.js';

let infra: Infrastructure;
let system: System;
beforeAll(async () => {
  infra = await startInfrastructure();
  system = await startSystem(infra, { worker: false });
});
afterAll(async () => {
  await system.stop();
  await infra.stop();
});

describe('keyset lists over real HTTP on PostgreSQL', () => {
  it('walk every invoice once, newest first, while new ones arrive; filters and ownership hold on every page', async () => {
    const api = client(system.baseUrl);
    const admin = await createAdmin(system);
    const adminToken = await login(api, admin.email, admin.password);
    const register = async (name: string) => {
      const email = `${name}-${String(Date.now())}@example.com`;
      const created = await api.call('POST', '/api/v1/users', { body: { email, name, password: 'a-long-password' } });
      return { id: created.body.id as string, token: await login(api, email, 'a-long-password') };
    };
    const alice = await register('alice');
    const bob = await register('bob');
    const bill = (userId: string) => api.call('POST', '/api/v1/invoices', { token: adminToken, body: { user_id: userId, amount: '5.00' } });
    const existing: string[] = [];
    for (let i = 0; i < 23; i += 1) existing.push((await bill(alice.id)).body.id as string);
    for (let i = 0; i < 5; i += 1) await bill(bob.id);

    const seen: string[] = [];
    let next: string | null = null;
    do {
      const page = await api.call('GET', `/api/v1/invoices?limit=5&status=pending${next ? `&starting_after=${next}` : ''}`, {
        token: alice.token,
      });
      expect(page.status).toBe(200);
      for (const invoice of page.body.items as { id: string; user_id: string; status: string }[]) {
        expect(invoice).toMatchObject({ user_id: alice.id, status: 'pending' });
        seen.push(invoice.id);
      }
      // Newer invoices keep arriving while Alice walks towards older ones.
      await bill(alice.id);
      next = page.body.next_cursor as string | null;
    } while (next);

    expect(seen).toEqual([...existing].reverse());
    // Bob's cursor is not Alice's: it names another list.
    const bobs = await api.call('GET', '/api/v1/invoices?limit=1', { token: bob.token });
    const stolen = await api.call('GET', `/api/v1/invoices?limit=1&starting_after=${bobs.body.next_cursor as string}`, {
      token: alice.token,
    });
    expect(stolen.status).toBe(422);
  });
});
