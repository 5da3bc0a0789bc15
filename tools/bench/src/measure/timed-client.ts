import { Agent, get } from 'node:http';

export interface TimedResponse {
  readonly status: number;
  readonly body: string;
  /** From just before the request is written to the last byte of the answer, ms. */
  readonly ms: number;
}

/**
 * One request at a time to one origin, each timed by the client: `performance.now()` before the
 * request is written and when its last byte has arrived. node:http on a keep-alive agent with a single
 * socket, so after the first request every timing is one round trip on a warm connection — no TCP
 * handshake, and little client overhead of its own (no fetch/undici layers) in the figure.
 */
export class TimedClient {
  readonly #agent = new Agent({ keepAlive: true, maxSockets: 1 });

  constructor(
    private readonly origin: string,
    private readonly timeoutMs = 60_000,
  ) {}

  get(path: string, headers: Readonly<Record<string, string>>): Promise<TimedResponse> {
    return new Promise((resolve, reject) => {
      const started = performance.now();
      const request = get(new URL(path, this.origin), { agent: this.#agent, headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const ms = performance.now() - started;
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), ms });
        });
      });
      request.setTimeout(this.timeoutMs, () => request.destroy(new Error(`GET ${path}: no answer within ${String(this.timeoutMs)} ms`)));
      request.on('error', reject);
    });
  }

  close(): void {
    this.#agent.destroy();
  }
}
