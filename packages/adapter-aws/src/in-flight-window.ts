/**
 * The places of one consumer's in-flight limit. A receive loop reserves places before it asks SQS for
 * messages, so however many loops share the window they never hold more than the limit; a received
 * message takes a place and gives it back when its own handling (and deletion) ends.
 */
export class InFlightWindow {
  #inFlight = 0;
  #reserved = 0;
  #peak = 0;
  #open = false;
  #placeFreed: (() => void)[] = [];
  #idle: (() => void)[] = [];

  constructor(readonly limit: number) {}

  /** Messages being handled now. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** The most messages handled at once since the window was made. */
  get peak(): number {
    return this.#peak;
  }

  open(): void {
    this.#open = true;
  }

  /** Stops handing out places; loops waiting for one get 0 and end. Messages in flight are not touched. */
  close(): void {
    this.#open = false;
    this.#wake();
  }

  /** Waits for a free place, then reserves up to `most` free places; 0 once the window is closed. */
  async reserve(most: number): Promise<number> {
    while (this.#open) {
      const free = this.limit - this.#inFlight - this.#reserved;
      if (free > 0) {
        const places = Math.min(most, free);
        this.#reserved += places;
        return places;
      }
      await new Promise<void>((resolve) => this.#placeFreed.push(resolve));
    }
    return 0;
  }

  /** A receive came back: `received` of the `reserved` places are now messages in flight, the rest are free again. */
  settle(reserved: number, received: number): void {
    this.#reserved -= reserved;
    this.#inFlight += received;
    this.#peak = Math.max(this.#peak, this.#inFlight);
    if (received < reserved) this.#wake();
    if (this.#inFlight === 0) this.#resolveIdle();
  }

  /** One message's handling ended. */
  release(): void {
    this.#inFlight -= 1;
    this.#wake();
    if (this.#inFlight === 0) this.#resolveIdle();
  }

  /** Resolves once no message is in flight. */
  idle(): Promise<void> {
    if (this.#inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  #wake(): void {
    for (const resolve of this.#placeFreed.splice(0)) resolve();
  }

  #resolveIdle(): void {
    for (const resolve of this.#idle.splice(0)) resolve();
  }
}
