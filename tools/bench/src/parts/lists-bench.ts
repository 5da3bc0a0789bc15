/**
 * Part 3: lists at scale (issue 20). The same list requests against a small database and a large one,
 * each served by its own `api` process (NODE_ENV=production, default settings), one request at a time
 * over HTTP as an admin, timed by this process around each round trip. Both APIs run side by side and
 * the sizes take turns in batches, so a busy moment on the shared machine hits both alike.
 */
import type { BenchContext } from '../bench-context.js';
import { registerUser, TokenKeeper } from '../hexabill/api-client.js';
import { migrateLatest, productionEnv, startApi, type RunningApi } from '../hexabill/app-processes.js';
import { BenchData, createDatabase } from '../hexabill/bench-data.js';
import { listDataFacts, seedListData, type ListDataFacts, type ListDataSize, type ListSeedTimes } from '../hexabill/list-seed.js';
import { percentile } from '../measure/statistics.js';
import { TimedClient } from '../measure/timed-client.js';
import { freePort } from '../processes/free-port.js';
import { PAGE_SIZE } from './api-routes.js';

/** Issue 20's two sizes: its acceptance is the large one, and within 2× of the small one. */
export const LIST_SIZES = {
  small: { label: '1k', users: 300, invoices: 1_000 },
  large: { label: '1M', users: 100_000, invoices: 1_000_000 },
} as const satisfies Record<string, ListDataSize>;

type SizeKey = keyof typeof LIST_SIZES;
const SIZE_KEYS: readonly SizeKey[] = ['small', 'large'];

/** The page walked to by cursor (the small size has fewer pages: its last one stands in). */
export const DEEP_PAGE = 100;
/** Untimed requests per query and size before the timed ones: JIT, prepared statements, caches. */
const WARMUP_REQUESTS = 10;
/** Timed requests in a row on one size before the other size's turn. */
const BATCH = 10;
/** The deprecated, costly requests: one untimed, then this many timed, per size. */
const COSTLY_REQUESTS = 3;

interface ListAnswer {
  readonly items?: readonly { readonly id?: string; readonly user_id?: string; readonly status?: string }[];
  readonly has_more?: boolean;
  readonly next_cursor?: string | null;
  readonly total?: number;
}

/** One size, seeded and served. */
interface PreparedSize {
  readonly size: ListDataSize;
  readonly api: RunningApi;
  readonly data: BenchData;
  readonly tokens: TokenKeeper;
  readonly client: TimedClient;
  readonly seed: ListSeedTimes;
  readonly facts: ListDataFacts;
  /** The page the deep query asks for, and the cursor that asks for it. */
  readonly deepPage: number;
  readonly deepCursor: string;
}

interface ListQuery {
  readonly key: string;
  readonly title: string;
  /** Deprecated or costly: timed a few times for contrast, no target. */
  readonly costly: boolean;
  path(prepared: PreparedSize): string;
  /** Why an answer is not the list asked for, or undefined: no figure comes from a wrong answer. */
  problem(answer: ListAnswer, prepared: PreparedSize): string | undefined;
}

const limit = `limit=${String(PAGE_SIZE)}`;

/** A full keyset page (or, where fewer rows match, all of them) whose items all pass `each`. */
function sliceProblem(
  answer: ListAnswer,
  expected: number,
  each?: (item: NonNullable<ListAnswer['items']>[number]) => boolean,
): string | undefined {
  if (!Array.isArray(answer.items) || typeof answer.has_more !== 'boolean') return 'not a keyset list';
  if (answer.items.length !== Math.min(PAGE_SIZE, expected))
    return `${String(answer.items.length)} items, expected ${String(Math.min(PAGE_SIZE, expected))}`;
  if (each && !answer.items.every(each)) return 'an item outside the filter';
  return undefined;
}

const LIST_QUERIES: readonly ListQuery[] = [
  {
    key: 'invoices-first',
    title: `first page: \`GET /api/v1/invoices?${limit}\``,
    costly: false,
    path: () => `/api/v1/invoices?${limit}`,
    problem: (answer, p) => sliceProblem(answer, p.facts.invoices),
  },
  {
    key: 'invoices-status',
    title: `filtered: \`…/invoices?status=pending&${limit}\``,
    costly: false,
    path: () => `/api/v1/invoices?status=pending&${limit}`,
    problem: (answer, p) => sliceProblem(answer, p.facts.pendingInvoices, (item) => item.status === 'pending'),
  },
  {
    key: 'invoices-user',
    title: `filtered: \`…/invoices?user_id={busiest user}&${limit}\``,
    costly: false,
    path: (p) => `/api/v1/invoices?user_id=${p.facts.busiestUserId}&${limit}`,
    problem: (answer, p) => sliceProblem(answer, p.facts.busiestUserInvoices, (item) => item.user_id === p.facts.busiestUserId),
  },
  {
    key: 'invoices-user-status',
    title: `filtered: \`…/invoices?user_id={busiest user}&status=pending&${limit}\``,
    costly: false,
    path: (p) => `/api/v1/invoices?user_id=${p.facts.busiestUserId}&status=pending&${limit}`,
    problem: (answer, p) =>
      sliceProblem(answer, p.facts.busiestUserPending, (item) => item.user_id === p.facts.busiestUserId && item.status === 'pending'),
  },
  {
    key: 'invoices-deep',
    title: `${String(DEEP_PAGE)}th page by cursor: \`…/invoices?${limit}&starting_after={cursor}\``,
    costly: false,
    path: (p) => `/api/v1/invoices?${limit}&starting_after=${encodeURIComponent(p.deepCursor)}`,
    problem: (answer, p) => sliceProblem(answer, p.facts.invoices - (p.deepPage - 1) * PAGE_SIZE),
  },
  {
    key: 'users-first',
    title: `first page of users: \`GET /api/v1/users?${limit}\``,
    costly: false,
    path: () => `/api/v1/users?${limit}`,
    problem: (answer, p) => sliceProblem(answer, p.facts.users),
  },
  {
    key: 'invoices-numbered',
    title: `deprecated numbered page: \`…/invoices?page=${String(DEEP_PAGE)}&page_size=${String(PAGE_SIZE)}\``,
    costly: true,
    path: () => `/api/v1/invoices?page=${String(DEEP_PAGE)}&page_size=${String(PAGE_SIZE)}`,
    problem: (answer, p) => {
      const expected = Math.max(0, Math.min(PAGE_SIZE, p.facts.invoices - (DEEP_PAGE - 1) * PAGE_SIZE));
      if (answer.total !== p.facts.invoices) return `total ${String(answer.total)}, expected ${String(p.facts.invoices)}`;
      return answer.items?.length === expected ? undefined : `${String(answer.items?.length)} items, expected ${String(expected)}`;
    },
  },
  {
    key: 'invoices-total',
    title: `costly: \`…/invoices?${limit}&include=total\``,
    costly: true,
    path: () => `/api/v1/invoices?${limit}&include=total`,
    problem: (answer, p) =>
      answer.total === p.facts.invoices
        ? sliceProblem(answer, p.facts.invoices)
        : `total ${String(answer.total)}, expected ${String(p.facts.invoices)}`,
  },
];

export interface ListFigure {
  readonly requests: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly minMs: number;
  readonly maxMs: number;
}

export interface ListQueryResult {
  readonly key: string;
  readonly title: string;
  readonly costly: boolean;
  readonly figures: Readonly<Record<SizeKey, ListFigure>>;
}

export interface ListSizeReport {
  readonly size: ListDataSize;
  readonly seed: ListSeedTimes;
  readonly facts: ListDataFacts;
  readonly deepPage: number;
}

export interface ListsPartResult {
  readonly sizes: Readonly<Record<SizeKey, ListSizeReport>>;
  readonly queries: readonly ListQueryResult[];
  /** Timed requests per figure and size, after warmupRequests untimed ones, in turns of `batch`. */
  readonly requests: number;
  readonly warmupRequests: number;
  readonly batch: number;
  readonly costlyRequests: number;
}

/** What sending a request to one size takes. */
type SizeClient = Pick<PreparedSize, 'size' | 'api' | 'tokens' | 'client'>;

/** One timed request; throws unless the answer is the list asked for. */
async function timed(
  prepared: SizeClient,
  path: string,
  problemOf: (answer: ListAnswer) => string | undefined,
): Promise<{ ms: number; answer: ListAnswer }> {
  // The token is fetched before the clock starts: a sign-in (scrypt) is no part of a list request.
  const headers = await prepared.tokens.bearer(prepared.api.origin);
  const response = await prepared.client.get(path, headers);
  const where = `${prepared.size.label}: GET ${path}`;
  if (response.status !== 200) throw new Error(`${where}: ${String(response.status)} ${response.body.slice(0, 500)}`);
  const answer = JSON.parse(response.body) as ListAnswer;
  const problem = problemOf(answer);
  if (problem !== undefined) throw new Error(`${where}: ${problem}`);
  return { ms: response.ms, answer };
}

/**
 * Walks the invoice list by next_cursor up to DEEP_PAGE (or its last page, if it has fewer), checking
 * that each page is older than the one before; returns that page's number and the cursor asking for it.
 */
async function walkToDeepPage(prepared: SizeClient): Promise<{ page: number; cursor: string }> {
  let page = 1;
  let cursor: string | undefined;
  let previousLast: string | undefined;
  for (;;) {
    const path = `/api/v1/invoices?${limit}${cursor === undefined ? '' : `&starting_after=${encodeURIComponent(cursor)}`}`;
    const { answer } = await timed(prepared, path, (a) => (Array.isArray(a.items) ? undefined : 'not a list'));
    const items = answer.items ?? [];
    const first = items[0]?.id;
    if (previousLast !== undefined && (first === undefined || first >= previousLast)) {
      throw new Error(`${prepared.size.label}: page ${String(page)} does not continue after page ${String(page - 1)}`);
    }
    previousLast = items.at(-1)?.id;
    if (page === DEEP_PAGE || typeof answer.next_cursor !== 'string') break;
    cursor = answer.next_cursor;
    page += 1;
  }
  if (cursor === undefined) throw new Error(`${prepared.size.label}: the invoice list has a single page`);
  return { page, cursor };
}

async function prepareSize(context: BenchContext, size: ListDataSize): Promise<PreparedSize> {
  const { settings, supervisor } = context;
  const databaseUrl = await createDatabase(context.postgresUrl, `hexabill_bench_lists_${size.label.toLowerCase()}`);
  const env = productionEnv({ databaseUrl, jwtSecret: context.jwtSecret, appEnv: settings.appEnv }, {});
  await migrateLatest(supervisor, `migrate-lists-${size.label}`, env);
  const data = await BenchData.connect(databaseUrl);
  const api = await startApi(supervisor, `api-lists-${size.label}`, env, await freePort());
  const client = new TimedClient(api.origin);
  try {
    const adminEmail = 'lists-admin@example.com';
    const adminId = await registerUser(api.origin, adminEmail, 'Lists Admin');
    await data.promoteToAdmin(adminId);
    context.log(
      `lists part, ${size.label}: seeding ${size.users.toLocaleString('en-US')} users and ${size.invoices.toLocaleString('en-US')} invoices`,
    );
    const seed = await seedListData(data, size, adminId);
    const facts = await listDataFacts(data);
    context.log(
      `  seeded in ${((seed.usersMs + seed.invoicesMs + seed.vacuumAnalyzeMs) / 1000).toFixed(1)} s ` +
        `(users ${(seed.usersMs / 1000).toFixed(1)} s, invoices ${(seed.invoicesMs / 1000).toFixed(1)} s with ${(seed.invoiceIndexesMs / 1000).toFixed(1)} s of index builds, ` +
        `VACUUM ANALYZE ${(seed.vacuumAnalyzeMs / 1000).toFixed(1)} s); the busiest user has ${String(facts.busiestUserInvoices)} invoices`,
    );
    const base = { size, api, data, tokens: new TokenKeeper(adminEmail), client, seed, facts };
    const deep = await walkToDeepPage(base);
    return { ...base, deepPage: deep.page, deepCursor: deep.cursor };
  } catch (error) {
    client.close();
    await api.process.stop(30_000);
    await data.close();
    throw error;
  }
}

function figureOf(samples: readonly number[]): ListFigure {
  return {
    requests: samples.length,
    p50Ms: percentile(samples, 50),
    p95Ms: percentile(samples, 95),
    minMs: Math.min(...samples),
    maxMs: Math.max(...samples),
  };
}

/** Warm-up on both sizes, then `requests` timed per size in batches, the sizes taking turns. */
async function timeQuery(
  prepared: Readonly<Record<SizeKey, PreparedSize>>,
  query: ListQuery,
  requests: number,
  warmup: number,
): Promise<ListQueryResult> {
  const once = async (key: SizeKey): Promise<number> => {
    const p = prepared[key];
    return (await timed(p, query.path(p), (answer) => query.problem(answer, p))).ms;
  };
  for (const key of SIZE_KEYS) for (let i = 0; i < warmup; i += 1) await once(key);
  const samples: Record<SizeKey, number[]> = { small: [], large: [] };
  for (let round = 0; samples.large.length < requests; round += 1) {
    const batch = Math.min(BATCH, requests - samples.large.length);
    const order = round % 2 === 0 ? SIZE_KEYS : [...SIZE_KEYS].reverse();
    for (const key of order) for (let i = 0; i < batch; i += 1) samples[key].push(await once(key));
  }
  return {
    key: query.key,
    title: query.title,
    costly: query.costly,
    figures: { small: figureOf(samples.small), large: figureOf(samples.large) },
  };
}

export async function runListsPart(context: BenchContext): Promise<ListsPartResult> {
  const ready: PreparedSize[] = [];
  try {
    for (const key of SIZE_KEYS) ready.push(await prepareSize(context, LIST_SIZES[key]));
    const [small, large] = ready;
    if (!small || !large) throw new Error('the lists part prepares two sizes');
    const prepared = { small, large };
    context.log(
      `lists part: one request at a time, ${String(context.settings.listRequests)} timed per figure and size ` +
        `(the ${String(DEEP_PAGE)}th page: ${String(small.deepPage)} at ${small.size.label}, ${String(large.deepPage)} at ${large.size.label})`,
    );
    const queries: ListQueryResult[] = [];
    for (const query of LIST_QUERIES) {
      const result = query.costly
        ? await timeQuery(prepared, query, COSTLY_REQUESTS, 1)
        : await timeQuery(prepared, query, context.settings.listRequests, WARMUP_REQUESTS);
      const { small: s, large: l } = result.figures;
      context.log(`  ${query.key}: p50 ${s.p50Ms.toFixed(2)} ms at ${small.size.label}, ${l.p50Ms.toFixed(2)} ms at ${large.size.label}`);
      queries.push(result);
    }
    const report = (p: PreparedSize): ListSizeReport => ({ size: p.size, seed: p.seed, facts: p.facts, deepPage: p.deepPage });
    return {
      sizes: { small: report(small), large: report(large) },
      queries,
      requests: context.settings.listRequests,
      warmupRequests: WARMUP_REQUESTS,
      batch: BATCH,
      costlyRequests: COSTLY_REQUESTS,
    };
  } finally {
    for (const p of ready) {
      p.client.close();
      await p.api.process.stop(30_000);
      await p.data.close();
    }
  }
}
