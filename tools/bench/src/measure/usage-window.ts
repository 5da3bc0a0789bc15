import { postgresCpuMs, processCpuMs, residentBytes } from './proc-stats.js';

export interface Usage {
  /** CPU the server process used in the window, ms. */
  readonly serverCpuMs: number;
  /** CPU the whole PostgreSQL server used in the window, ms. */
  readonly postgresCpuMs: number;
  /** CPU the other processes named in `others` used, ms, by name. */
  readonly othersCpuMs: Readonly<Record<string, number>>;
  /** The largest VmRSS of the server process sampled in the window, bytes. */
  readonly maxServerRssBytes: number;
  readonly elapsedMs: number;
}

/**
 * CPU of the server, of PostgreSQL and of any other processes between `start()` and `stop()`,
 * read from /proc, and the server's peak RSS sampled every `sampleMs` meanwhile.
 */
export class UsageWindow {
  readonly #serverStart: number;
  readonly #postgresStart: number;
  readonly #othersStart: Map<string, number>;
  readonly #started = performance.now();
  readonly #sampler: NodeJS.Timeout;
  #maxRss: number;

  private constructor(
    private readonly serverPid: number,
    private readonly postmasterPid: number,
    private readonly others: Readonly<Record<string, number>>,
    sampleMs: number,
  ) {
    this.#serverStart = processCpuMs(serverPid);
    this.#postgresStart = postgresCpuMs(postmasterPid);
    this.#othersStart = new Map(Object.entries(others).map(([name, pid]) => [name, processCpuMs(pid)]));
    this.#maxRss = residentBytes(serverPid);
    this.#sampler = setInterval(() => {
      this.#maxRss = Math.max(this.#maxRss, residentBytes(serverPid));
    }, sampleMs);
  }

  static start(serverPid: number, postmasterPid: number, others: Readonly<Record<string, number>> = {}, sampleMs = 200): UsageWindow {
    return new UsageWindow(serverPid, postmasterPid, others, sampleMs);
  }

  stop(): Usage {
    clearInterval(this.#sampler);
    const maxServerRssBytes = Math.max(this.#maxRss, residentBytes(this.serverPid));
    return {
      serverCpuMs: processCpuMs(this.serverPid) - this.#serverStart,
      postgresCpuMs: postgresCpuMs(this.postmasterPid) - this.#postgresStart,
      othersCpuMs: Object.fromEntries(
        Object.entries(this.others).map(([name, pid]) => [name, processCpuMs(pid) - (this.#othersStart.get(name) ?? 0)]),
      ),
      maxServerRssBytes,
      elapsedMs: performance.now() - this.#started,
    };
  }
}
