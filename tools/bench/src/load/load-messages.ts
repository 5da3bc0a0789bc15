/** What the bench asks of a closed-loop load child (autocannon). */
export interface ClosedLoopSpec {
  /** The server's origin, e.g. http://127.0.0.1:3000. */
  readonly origin: string;
  readonly method: 'GET' | 'POST';
  /** The same path on every request… */
  readonly path?: string;
  /** …or a JSON file holding an array of paths, each used once, in order (request-payment). */
  readonly pathsFile?: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly connections: number;
  readonly warmupSeconds: number;
  readonly measureSeconds: number;
}

/** How the answers of a load run went, whatever generated the load. */
export interface AnswerCounts {
  /** Connection errors, timeouts included. */
  readonly errors: number;
  readonly non2xx: number;
  readonly statusCodes: Readonly<Record<string, number>>;
}

/** One measured autocannon run. */
export interface ClosedLoopResult extends AnswerCounts {
  readonly requests: number;
  readonly durationSeconds: number;
  readonly requestsPerSecond: number;
  readonly latencyP50Ms: number;
  readonly latencyP99Ms: number;
  readonly timeouts: number;
  /** The paths file ran out, so some requests repeated its last path (and answered non-2xx). */
  readonly pathsExhausted: boolean;
}

/**
 * Protocol, over IPC: bench → `{type: 'start', spec}`; child → `{type: 'warmed'}` after the warm-up;
 * bench → `{type: 'measure'}` (after reading its counters); child → `{type: 'result', result}`.
 */
export type ClosedLoopMessage =
  | { readonly type: 'start'; readonly spec: ClosedLoopSpec }
  | { readonly type: 'warmed' }
  | { readonly type: 'measure' }
  | { readonly type: 'result'; readonly result: ClosedLoopResult }
  | { readonly type: 'failed'; readonly message: string };

export function asClosedLoopMessage(message: unknown): ClosedLoopMessage | undefined {
  return typeof message === 'object' && message !== null && 'type' in message ? (message as ClosedLoopMessage) : undefined;
}

/** What the bench asks of a paced (open-loop) load child. */
export interface PacedSpec {
  readonly origin: string;
  readonly method: 'POST';
  /** A JSON file holding an array of paths, each used once, in order. */
  readonly pathsFile: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly requestsPerSecond: number;
  readonly seconds: number;
  /** The most requests in flight at once (sockets); more due requests wait for a free socket. */
  readonly connections: number;
  /** Where to write one record per request (JSON array of PacedRecord). */
  readonly recordsFile: string;
}

export interface PacedRecord {
  readonly path: string;
  /** When the request was due on the schedule, epoch ms (sub-ms precision). */
  readonly dueAt: number;
  /** When its response ended, epoch ms; undefined on a connection error. */
  readonly answeredAt?: number;
  readonly status?: number;
  readonly error?: string;
}

export interface PacedResult extends AnswerCounts {
  readonly startedAt: number;
  readonly endedAt: number;
  readonly sent: number;
  /** The schedule fell behind by more than this at its worst, ms (the generator was starved of CPU). */
  readonly maxScheduleLagMs: number;
}

/** bench → `{type: 'start', spec}`; child → `{type: 'result', result}` once every response is in. */
export type PacedMessage =
  | { readonly type: 'start'; readonly spec: PacedSpec }
  | { readonly type: 'result'; readonly result: PacedResult }
  | { readonly type: 'failed'; readonly message: string };

export function asPacedMessage(message: unknown): PacedMessage | undefined {
  return typeof message === 'object' && message !== null && 'type' in message ? (message as PacedMessage) : undefined;
}
