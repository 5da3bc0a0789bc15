import type { TestProject } from 'vitest/node';
import { createMigratedDatabase, dropDatabase, startTestPostgres } from '../../src/testing/index.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A server URL whose role may create databases; each test file clones its own from the template. */
    postgresServerUrl: string;
    postgresTemplate: string;
  }
}

const TEMPLATE = 'hexabill_test_template';

/**
 * One PostgreSQL for the whole run — TEST_DATABASE_URL's server, or an embedded one — and a
 * migrated template database that every test file clones.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startTestPostgres({ external: process.env.TEST_DATABASE_URL });
  await createMigratedDatabase(server.url, TEMPLATE);
  project.provide('postgresServerUrl', server.url);
  project.provide('postgresTemplate', TEMPLATE);
  return async () => {
    await dropDatabase(server.url, TEMPLATE);
    await server.stop();
  };
}
