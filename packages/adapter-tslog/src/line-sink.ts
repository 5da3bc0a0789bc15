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
    const text = this.#pending.join('');
    this.#pending = [];
    this.#bytes = 0;
    try {
      writeSync(this.fd, text);
    } catch {
      // A closed stdout (EPIPE) must not take the service down with it; the lines are dropped.
    }
  }
}
