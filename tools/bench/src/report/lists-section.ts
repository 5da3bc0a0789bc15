import { DEEP_PAGE, type ListFigure, type ListSizeReport, type ListsPartResult } from '../parts/lists-bench.js';
import { LIST_TARGETS, verdict } from './targets.js';

const int = (n: number): string => Math.round(n).toLocaleString('en-US');
const ms = (n: number): string => (Number.isFinite(n) ? n.toFixed(2) : '–');
const seconds = (n: number): string => `${(n / 1000).toFixed(1)} s`;

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

function sizeLine(s: ListSizeReport): string {
  const { seed, facts } = s;
  const total = seed.usersMs + seed.invoicesMs + seed.vacuumAnalyzeMs;
  return (
    `- **${s.size.label}**: ${int(facts.users)} users, ${int(facts.invoices)} invoices (${int(facts.pendingInvoices)} pending), ` +
    `seeded by SQL in ${seconds(total)} (users ${seconds(seed.usersMs)}, invoices ${seconds(seed.invoicesMs)} ` +
    `of which ${seconds(seed.invoiceIndexesMs)} building its ${String(seed.invoiceIndexes)} secondary indexes again, ` +
    `VACUUM ANALYZE ${seconds(seed.vacuumAnalyzeMs)}); both tables with their indexes ${int(facts.tablesBytes / 1024 ** 2)} MiB. ` +
    `The busiest user, whose invoices the filtered lists show, has ${int(facts.busiestUserInvoices)} (${int(facts.busiestUserPending)} pending).`
  );
}

const spread = (f: ListFigure): string => `${ms(f.p50Ms)} / ${ms(f.p95Ms)} / ${ms(f.minMs)}`;

/** Issue 20's acceptance: the lists' p50 at the large size, against 10 ms and against the small size. */
export function listsSection(lists: ListsPartResult): string {
  const { small, large } = lists.sizes;
  const deepNote = small.deepPage === DEEP_PAGE ? '' : ` (at ${small.size.label}: page ${String(small.deepPage)}, its last)`;
  const targeted = lists.queries.filter((q) => !q.costly);
  const costly = lists.queries.filter((q) => q.costly);
  const rows = targeted.map((q) => {
    const s = q.figures.small;
    const l = q.figures.large;
    const ratio = l.p50Ms / s.p50Ms;
    return [
      q.key === 'invoices-deep' ? `${q.title}${deepNote}` : q.title,
      spread(s),
      spread(l),
      `${ratio.toFixed(2)} ×`,
      `${ms(l.p50Ms)} ms — ${verdict(l.p50Ms <= LIST_TARGETS.p50Ms)}`,
      `${ratio.toFixed(2)} × — ${verdict(ratio <= LIST_TARGETS.scaleRatio)}`,
    ];
  });
  const costlyRows = costly.map((q) => {
    const s = q.figures.small;
    const l = q.figures.large;
    return [
      q.title,
      `${ms(s.p50Ms)} / ${ms(s.minMs)} / ${ms(s.maxMs)}`,
      `${ms(l.p50Ms)} / ${ms(l.minMs)} / ${ms(l.maxMs)}`,
      `${(l.p50Ms / s.p50Ms).toFixed(1)} ×`,
    ];
  });
  const allMet = targeted.every(
    (q) => q.figures.large.p50Ms <= LIST_TARGETS.p50Ms && q.figures.large.p50Ms <= LIST_TARGETS.scaleRatio * q.figures.small.p50Ms,
  );
  return [
    `## Lists at scale (issue 20): one request at a time, ${small.size.label} rows vs ${large.size.label}`,
    '',
    'Two databases, each served by its own `api` process (NODE_ENV=production, default settings), both running throughout:',
    '',
    sizeLine(small),
    sizeLine(large),
    '',
    `Each figure is the client-side round trip on loopback — HTTP, the bearer token's check, validation, the query, JSON, ` +
      `the access-log line — timed by the bench with performance.now() around each request on a keep-alive connection, ` +
      `one request at a time, as an admin. ${String(lists.requests)} timed requests per size after ${String(lists.warmupRequests)} ` +
      `untimed ones, the sizes taking turns in batches of ${String(lists.batch)}. The tables fit in memory, so these are warm-cache figures. ` +
      `On a busy machine a request also waits for a core: the min is closest to what a request costs.`,
    '',
    table(
      [
        'request',
        `${small.size.label}: p50 / p95 / min ms`,
        `${large.size.label}: p50 / p95 / min ms`,
        `p50 ${large.size.label} ÷ ${small.size.label}`,
        `p50 ≤ ${String(LIST_TARGETS.p50Ms)} ms at ${large.size.label}`,
        `p50 ≤ ${String(LIST_TARGETS.scaleRatio)} × ${small.size.label}`,
      ],
      rows,
    ),
    '',
    `Issue 20's targets: ${allMet ? 'all met' : '**not all met**'}. The ${String(DEEP_PAGE)}th page is reached by walking ` +
      `next_cursor from the first page, then the request for it is timed again and again with its cursor.`,
    '',
    `Deprecated or costly, for contrast (no target; one untimed request, then ${String(lists.costlyRequests)} timed, per size):`,
    '',
    table(
      [
        'request',
        `${small.size.label}: p50 / min / max ms`,
        `${large.size.label}: p50 / min / max ms`,
        `p50 ${large.size.label} ÷ ${small.size.label}`,
      ],
      costlyRows,
    ),
  ].join('\n');
}
