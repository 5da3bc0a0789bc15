import { type Role } from '@hexabill/core';
import { aUser, createTestKit, DEFAULT_TEST_PASSWORD, FakeAccessTokens, InMemoryRateLimiter, type TestKit } from '@hexabill/core/testing';
import { expect } from 'vitest';
import type { z } from 'zod';
import { createHttpApp, type HttpAppOptions } from '../src/index.js';
import { ProblemSchema } from '../src/schemas/common.js';
import { recordObservation } from './support/observed-statuses.js';

export interface Harness {
  kit: TestKit;
  tokens: FakeAccessTokens;
  app: ReturnType<typeof createHttpApp>;
  ready: { value: boolean };
  call(
    method: string,
    path: string,
    init?: { body?: unknown; token?: string; headers?: Record<string, string>; raw?: string },
  ): Promise<Response>;
  userWithToken(role?: Role, overrides?: Parameters<typeof aUser>[0]): Promise<{ id: string; email: string; token: string }>;
}

export function harness(options: HttpAppOptions = {}): Harness {
  const kit = createTestKit({
    loginLimiter: new InMemoryRateLimiter(),
    loginLimits: {
      perAccountAndAddress: { limit: 5, windowSeconds: 900 },
      perAddress: { limit: 20, windowSeconds: 900 },
      perAccount: { limit: 50, windowSeconds: 900 },
    },
  });
  const tokens = kit.tokens;
  const ready = { value: true };
  const app = createHttpApp({
    useCases: kit,
    logger: kit.logger,
    readiness: () => Promise.resolve(ready.value),
    observeRequest: recordObservation,
    options: { corsOrigins: ['https://app.example.com'], clientAddress: (c) => c.req.header('x-test-client') ?? '203.0.113.1', ...options },
  });
  return {
    kit,
    tokens,
    app,
    ready,
    call: (method, path, init = {}) => {
      const headers: Record<string, string> = { ...init.headers };
      if (init.token) headers.Authorization = `Bearer ${init.token}`;
      let body: string | undefined = init.raw;
      if (init.body !== undefined) {
        body = JSON.stringify(init.body);
        headers['Content-Type'] ??= 'application/json';
      }
      // As a real HTTP client does; the API reads Content-Length to tell whether a body was sent.
      if (body !== undefined) headers['Content-Length'] ??= String(Buffer.byteLength(body));
      return Promise.resolve(app.request(path, { method, headers, body }));
    },
    userWithToken: async (role = 'user', overrides = {}) => {
      const user = aUser({ role, ...overrides });
      await kit.seed(user);
      // As a sign-in would: the user's session version, in a session of its own.
      const { accessToken } = await tokens.issue({ userId: user.id, role, sessionVersion: user.sessionVersion, sessionId: aUser().id });
      return { id: user.id, email: user.email, token: accessToken };
    },
  };
}

export { DEFAULT_TEST_PASSWORD };

/** Asserts a problem+json response with the given status and code, and returns its body. */
export async function expectProblem(response: Response, status: number, code?: string): Promise<z.infer<typeof ProblemSchema>> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  const body = ProblemSchema.parse(await response.json());
  expect(body.status).toBe(status);
  expect(body.request_id).toBe(response.headers.get('x-request-id'));
  if (code) expect(body.code).toBe(code);
  expect(JSON.stringify(body)).not.toMatch(/at .+\.(ts|js):\d+|stack|SELECT|INSERT/i);
  return body;
}

/** Parses a body with a strict response schema: a field outside it fails the test. */
export async function expectBody<T extends z.ZodType>(response: Response, status: number, schema: T): Promise<z.infer<T>> {
  expect(response.status, await response.clone().text()).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  return schema.parse(await response.json());
}
