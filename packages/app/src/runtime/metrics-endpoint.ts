import { startMetricsServer, type MetricsServer, type Registry } from '@hexabill/adapter-prometheus';

/**
 * The process's one scrape endpoint. The API and the worker both ask for it to be up; when they
 * run in one process (`npm start`) the second ask finds it already listening.
 */
export class MetricsEndpoint {
  #server: Promise<MetricsServer> | undefined;

  constructor(
    private readonly registry: Registry,
    private readonly host: string,
    private readonly port: number,
  ) {}

  /** Starts listening once; returns the scrape URL. */
  async start(): Promise<string> {
    this.#server ??= startMetricsServer(this.registry, this.host, this.port);
    return (await this.#server).url;
  }

  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    await (await server)?.close();
  }
}
