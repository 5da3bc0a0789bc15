import pg from 'pg';

/**
 * Called with a notification's payload, or with `undefined` after a reconnect: notifications sent
 * while the connection was down are lost, so anything may have happened meanwhile.
 */
export type NotificationListener = (payload?: string) => void;

/**
 * Holds one dedicated connection that LISTENs on a channel and calls the subscribers on every
 * notification. If the connection drops it reconnects, and tells the subscribers once it is back,
 * since notifications sent meanwhile are lost.
 */
export class PgNotificationListener {
  readonly #listeners = new Set<NotificationListener>();
  #client: pg.Client | undefined;
  #connecting: Promise<void> | undefined;
  #retry: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(
    private readonly connectionString: string,
    private readonly channel: string,
    private readonly onError: (error: Error) => void = () => undefined,
    private readonly reconnectDelayMs = 1_000,
  ) {}

  subscribe(listener: NotificationListener): () => void {
    this.#listeners.add(listener);
    void this.#ensureConnected();
    return () => {
      this.#listeners.delete(listener);
      if (this.#listeners.size === 0) void this.#disconnect();
    };
  }

  /** Resolves once the LISTEN is in place (useful in tests and at start-up). */
  async ready(): Promise<void> {
    await this.#ensureConnected();
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#listeners.clear();
    await this.#disconnect();
  }

  #ensureConnected(): Promise<void> {
    if (this.#closed || this.#client) return Promise.resolve();
    this.#connecting ??= this.#connect().finally(() => {
      this.#connecting = undefined;
    });
    return this.#connecting;
  }

  async #connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.connectionString });
    client.on('notification', (message) => {
      this.#notify(message.payload);
    });
    client.on('error', (error) => {
      this.onError(error);
      this.#lost(client);
    });
    client.on('end', () => {
      this.#lost(client);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${pg.escapeIdentifier(this.channel)}`);
    } catch (error) {
      this.onError(error instanceof Error ? error : new Error(String(error)));
      await client.end().catch(() => undefined);
      this.#scheduleReconnect();
      return;
    }
    if (this.#closed || this.#listeners.size === 0) {
      await client.end().catch(() => undefined);
      return;
    }
    const reconnected = this.#retry !== undefined;
    this.#client = client;
    if (reconnected) this.#notify();
  }

  #lost(client: pg.Client): void {
    if (this.#client !== client) return;
    this.#client = undefined;
    this.#scheduleReconnect();
  }

  #scheduleReconnect(): void {
    if (this.#closed || this.#listeners.size === 0) return;
    clearTimeout(this.#retry);
    this.#retry = setTimeout(() => {
      void this.#ensureConnected().then(() => {
        this.#retry = undefined;
        // Something may have arrived while we were away.
        this.#notify();
      });
    }, this.reconnectDelayMs);
    this.#retry.unref();
  }

  async #disconnect(): Promise<void> {
    clearTimeout(this.#retry);
    this.#retry = undefined;
    await this.#connecting;
    const client = this.#client;
    this.#client = undefined;
    await client?.end().catch(() => undefined);
  }

  #notify(payload?: string): void {
    for (const listener of this.#listeners) listener(payload);
  }
}
