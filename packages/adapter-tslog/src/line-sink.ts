import { writeSync } from 'node:fs';

/** Writes lines to a file descriptor in batches: one write per turn of the event loop, not one per line. */
export class LineSink {
  #pending: string[] = [];
  #bytes = 0;
  #scheduled = false;

  constructor(
    private readonly fd = 1,
    private readonly maxBatchBytes = 64 * 1024,
  ) {
    // Whatever is still pending when the process ends (exit or a fatal error) is written, not lost.
    process.once('exit', () => {
      this.flush();
    });
  }

  write(line: string): void {
    this.#pending.push(line, '\n');
    this.#bytes += line.length + 1;
    if (this.#bytes >= this.maxBatchBytes) this.flush();
    else if (!this.#scheduled) {
      this.#scheduled = true;
      setImmediate(() => {
        this.flush();
      });
    }
  }

  flush(): void {
    this.#scheduled = false;
    if (this.#pending.length === 0) return;
    const data = Buffer.from(this.#pending.join(''));
    this.#pending = [];
    this.#bytes = 0;
    writeAll(this.fd, data);
  }
}

/** How long a full pipe (EAGAIN: stdout non-blocking, its reader behind) may hold up a write. */
const BLOCKED_WRITE_LIMIT_MS = 2_000;

/**
 * Writes every byte: `writeSync` may write part of a buffer, or refuse with EAGAIN while a
 * non-blocking pipe is full, and both used to lose the rest of the batch. A closed stdout (EPIPE)
 * or a reader stuck past the limit must not take the service down: then the rest is dropped.
 */
function writeAll(fd: number, data: Buffer): void {
  let offset = 0;
  let blockedSince: number | undefined;
  while (offset < data.length) {
    try {
      offset += writeSync(fd, data, offset);
      blockedSince = undefined;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') return;
      blockedSince ??= performance.now();
      if (performance.now() - blockedSince > BLOCKED_WRITE_LIMIT_MS) return;
    }
  }
}
