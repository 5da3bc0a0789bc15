import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createHexabillClient } from '../src/client.js';
import { harness } from './harness.js';

describe('the typed client', () => {
  it('calls the API by its contracts (here in process, through the app’s fetch)', async () => {
    const h = harness();
    const api = createHexabillClient('http://hexabill.test', {
      fetch: (input: string | URL | Request, init?: RequestInit) => h.app.fetch(new Request(input, init)),
    });
    const res = await api.api.v1.users.$post({ json: { email: 'typed@example.com', name: 'Typed', password: 'a-long-password' } });
    expect(res.status).toBe(201);
    if (res.status === 201) expect(await res.json()).toMatchObject({ email: 'typed@example.com', role: 'user' });
    expect((await api.api.v1.users[':id'].$get({ param: { id: '01a202df-b661-7000-b5fc-e38a210f279a' } })).status).toBe(401);
  });

  it('loads no server code: the built module imports hono/client alone', () => {
    const built = readFileSync(resolve(import.meta.dirname, '../dist/client.js'), 'utf8');
    expect([...built.matchAll(/^import .* from '([^']+)';$/gm)].map((m) => m[1])).toEqual(['hono/client']);
  });
});
