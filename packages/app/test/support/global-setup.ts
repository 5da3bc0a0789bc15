import { startTestPostgres } from '@hexabill/adapter-postgres/testing';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresServerUrl: string;
  }
}

/** One PostgreSQL for the run (embedded, or TEST_DATABASE_URL's server); each test file makes its own database. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startTestPostgres({ external: process.env.TEST_DATABASE_URL });
  project.provide('postgresServerUrl', server.url);
  return () => server.stop();
}
