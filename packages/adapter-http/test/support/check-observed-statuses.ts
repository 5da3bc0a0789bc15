import { createTestKit } from '@hexabill/core/testing';
import { afterAll, expect } from 'vitest';
import { createHttpApp } from '../../src/index.js';
import { undocumentedStatuses } from './observed-statuses.js';

/**
 * After every test file: each status a test saw a route answer is declared for that route in the
 * OpenAPI document — middleware's answers (401, 413, 415, 429 …) included, which the compiler
 * cannot check.
 */
afterAll(async () => {
  const kit = createTestKit();
  const document = await (await createHttpApp({ useCases: kit, logger: kit.logger }).request('/openapi.json')).json();
  expect(undocumentedStatuses(document as Parameters<typeof undocumentedStatuses>[0])).toEqual([]);
});
