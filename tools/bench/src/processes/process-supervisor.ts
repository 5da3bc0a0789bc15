import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface StartOptions {
  /** Names the log file, `<name>.log`, and the process in messages. */
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  /** The whole environment: nothing of the bench's own environment leaks in unless listed here. */
  readonly env: Readonly<Record<string, string>>;
  readonly cwd?: string;
  /** An IPC channel, for the bench's own child scripts. */
  readonly ipc?: boolean;
}

/** Why a child failed, with the end of its log. */
export class ChildProcessError extends Error {
  constructor(message: string, logTail: string) {
    super(logTail ? `${message}\n--- end of its log ---\n${logTail}` : message);
    this.name = 'ChildProcessError';
  }
}

export function tailOfFile(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/**
 * A child in its own process group (detached), so a Ctrl-C in the terminal reaches only the bench,
 * which then stops its children in the order it chooses: load, servers, then PostgreSQL.
 */
export class ManagedProcess {
  readonly exited: Promise<number | null>;
  #exitCode: number | null | undefined = undefined;

  constructor(
    readonly name: string,
    readonly child: ChildProcess,
    readonly logFile: string,
  ) {
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.#exitCode = code ?? (signal ? null : 0);
        resolve(this.#exitCode);
      });
      child.once('error', () => {
        this.#exitCode = null;
        resolve(null);
      });
    });
  }

  get pid(): number {
    if (this.child.pid === undefined) throw new ChildProcessError(`${this.name} did not start`, tailOfFile(this.logFile));
    return this.child.pid;
  }

  get running(): boolean {
    return this.#exitCode === undefined;
  }

  /** An error naming this process, with the end of its log. */
  failure(message: string): ChildProcessError {
    return new ChildProcessError(`${this.name} (pid ${this.child.pid ?? '?'}): ${message}; log: ${this.logFile}`, tailOfFile(this.logFile));
  }

  send(message: unknown): void {
    if (!this.child.connected) throw this.failure('is not connected');
    this.child.send(message as object);
  }

  /** The next IPC message `accept` takes, or a failure when the child exits or the time runs out. */
  nextMessage<T>(accept: (message: unknown) => T | undefined, timeoutMs: number): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const done = (): void => {
        clearTimeout(timer);
        this.child.off('message', onMessage);
        this.child.off('exit', onExit);
      };
      const onMessage = (message: unknown): void => {
        const taken = accept(message);
        if (taken !== undefined) {
          done();
          resolve(taken);
        }
      };
      const onExit = (code: number | null): void => {
        done();
        reject(this.failure(`exited (code ${String(code)}) before answering`));
      };
      const timer = setTimeout(() => {
        done();
        reject(this.failure(`gave no answer within ${Math.round(timeoutMs / 1000)} s`));
      }, timeoutMs);
      this.child.on('message', onMessage);
      this.child.once('exit', onExit);
    });
  }

  /** SIGTERM to the child (it drains and exits), then SIGKILL to its whole group after `graceMs`. */
  async stop(graceMs: number): Promise<void> {
    if (!this.running || this.child.pid === undefined) return;
    this.#signal(this.child.pid, 'SIGTERM');
    const timer = new Promise<'late'>((resolve) =>
      setTimeout(() => {
        resolve('late');
      }, graceMs).unref(),
    );
    if ((await Promise.race([this.exited, timer])) === 'late') {
      this.killGroupNow();
      await this.exited;
    }
    // Anything the child left behind in its group (none expected).
    this.killGroupNow();
  }

  /** SIGKILL to the child's process group, synchronously (for the bench's exit handler). */
  killGroupNow(): void {
    if (this.child.pid !== undefined) this.#signal(-this.child.pid, 'SIGKILL');
  }

  #signal(target: number, signal: NodeJS.Signals): void {
    try {
      process.kill(target, signal);
    } catch {
      // Already gone.
    }
  }
}

/** Starts every child of the bench and stops them all, newest first, whatever happens. */
export class ProcessSupervisor {
  readonly #children: ManagedProcess[] = [];

  constructor(readonly logDir: string) {}

  start(options: StartOptions): ManagedProcess {
    const logFile = join(this.logDir, `${options.name}.log`);
    const fd = openSync(logFile, 'a');
    try {
      const child = spawn(options.command, [...options.args], {
        cwd: options.cwd,
        env: { ...options.env },
        detached: true,
        stdio: options.ipc ? ['ignore', fd, fd, 'ipc'] : ['ignore', fd, fd],
      });
      const managed = new ManagedProcess(options.name, child, logFile);
      this.#children.push(managed);
      void managed.exited.then(() => {
        const index = this.#children.indexOf(managed);
        if (index >= 0) this.#children.splice(index, 1);
      });
      return managed;
    } finally {
      closeSync(fd);
    }
  }

  /** Runs a command to completion; fails with the end of its log unless it exits 0. */
  async run(options: StartOptions, timeoutMs: number): Promise<void> {
    const child = this.start(options);
    const timer = setTimeout(() => void child.stop(1_000), timeoutMs);
    const code = await child.exited;
    clearTimeout(timer);
    if (code !== 0) throw child.failure(`exited with code ${String(code)}`);
  }

  /** Stops every running child, newest first (so PostgreSQL, started first, stops last). */
  async stopAll(graceMs = 30_000): Promise<void> {
    for (const child of [...this.#children].reverse()) await child.stop(graceMs);
  }

  /** The last resort, from a synchronous exit handler. */
  killAllNow(): void {
    for (const child of this.#children) child.killGroupNow();
  }
}
