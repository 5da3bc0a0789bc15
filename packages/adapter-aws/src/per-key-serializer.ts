/**
 * Runs the work given for one key strictly one after another, in the order given, and work for
 * different keys concurrently. The consumer keys by aggregate, so one process never handles two
 * messages of one aggregate at once.
 */
export class PerKeySerializer {
  readonly #tails = new Map<string, Promise<void>>();

  /** Keys with work running or waiting. */
  get activeKeys(): number {
    return this.#tails.size;
  }

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key);
    const result = previous ? previous.then(work) : work();
    // The next in line waits for this one to end, whether it succeeded or not.
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.#tails.set(key, tail);
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
    return result;
  }
}
