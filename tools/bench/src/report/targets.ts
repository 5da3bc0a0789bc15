/**
 * The targets of issue 12 (and issue 19's worker throughput), printed next to the figures. They are the yardstick the product will be
 * judged against; the bench only reports "met" or "not met".
 */
export const TARGETS = {
  /** hexabill req/s ÷ bare req/s, GET by id and list pages. */
  readThroughputRatio: 0.9,
  /** hexabill req/s ÷ bare req/s, POST invoice and request-payment. */
  writeThroughputRatio: 0.8,
  /** Server CPU per request, ms. */
  readCpuMs: 0.12,
  writeCpuMs: 0.3,
  /** PostgreSQL CPU per write ÷ the bare transaction's. */
  writePostgresCpuRatio: 1.5,
  /** Peak RSS of the API under load, MiB. */
  rssMiB: 150,
  /** Outbox lag (commit → published) p99 at half the API's maximum request-payment rate, ms. */
  outboxLagP99Ms: 200,
  /** Every invoice paid exactly once within this long after the load stops, s. */
  allPaidWithinSeconds: 2,
  /** Issue 19: one worker settles at least this many payments per second while the gateway takes 300 ms. */
  settledPerSecondAtSlowGateway: 300,
  slowGatewayLatencyMs: 300,
} as const;

/**
 * Issue 20's targets for lists: at 1,000,000 invoices and 100,000 users, the p50 of a first page, a
 * filtered page and the 100th page by cursor, one request at a time.
 */
export const LIST_TARGETS = {
  /** p50 at the large size, ms. */
  p50Ms: 10,
  /** p50 at the large size ÷ p50 at 1,000 rows. */
  scaleRatio: 2,
} as const;

export type Verdict = 'met' | 'not met';

export const verdict = (ok: boolean): Verdict => (ok ? 'met' : 'not met');
