import type { RequestObservation } from '../../src/index.js';

/** Every answer the tests of this file got from an app built by the harness: method, route pattern, status. */
const observed: RequestObservation[] = [];

export function recordObservation(observation: RequestObservation): void {
  observed.push(observation);
}

type OpenApiDocument = { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };

/**
 * The observed answers the OpenAPI document does not declare, as `METHOD /path STATUS`. Only routes
 * the document describes count (not docs pages, not unmatched paths); 405 is an answer about a
 * method the path lacks, so no operation can declare it.
 */
export function undocumentedStatuses(document: OpenApiDocument): string[] {
  const missing = new Set<string>();
  for (const { method, route, status } of observed) {
    const path = route.replace(/:(\w+)/g, '{$1}');
    const operation = document.paths[path]?.[method.toLowerCase()];
    if (!operation || status === 405) continue;
    if (!(String(status) in operation.responses)) missing.add(`${method} ${path} ${String(status)}`);
  }
  return [...missing].sort();
}

export function observationCount(): number {
  return observed.length;
}
