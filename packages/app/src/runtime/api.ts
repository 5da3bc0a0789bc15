import { startHttpServer, type HttpApp, type RunningHttpServer } from '@hexabill/adapter-http';
import type { Logger } from '@hexabill/core';
import type { MetricsEndpoint } from './metrics-endpoint.js';

export interface ApiSettings {
  readonly host: string;
  readonly port: number;
  readonly shutdownTimeoutMs: number;
}

/** What must run before the first request: the feed that keeps cached session versions current. */
export interface SessionInvalidations {
  start(): Promise<void>;
}

/** The HTTP API on HOST:PORT, and its metrics on METRICS_PORT. */
export class Api {
  #server: RunningHttpServer | undefined;

  constructor(
    private readonly app: HttpApp,
    private readonly draining: { value: boolean },
    private readonly metrics: MetricsEndpoint,
    private readonly logger: Logger,
    private readonly settings: ApiSettings,
    private readonly sessionInvalidations?: SessionInvalidations,
  ) {}

  async start(): Promise<{ url: string; metricsUrl: string }> {
    // Listening first: a token checked before it would be checked against a cache that misses other instances' changes.
    await this.sessionInvalidations?.start();
    this.#server ??= await startHttpServer(this.app.fetch, this.settings.host, this.settings.port);
    const metricsUrl = await this.metrics.start();
    this.logger.info('api listening', { url: this.#server.url, metrics_url: metricsUrl });
    return { url: this.#server.url, metricsUrl };
  }

  /** Fails readiness, stops accepting connections and lets requests in flight finish (up to the shutdown timeout). */
  async stop(): Promise<void> {
    this.draining.value = true;
    await this.#server?.close(this.settings.shutdownTimeoutMs);
    this.#server = undefined;
  }
}
