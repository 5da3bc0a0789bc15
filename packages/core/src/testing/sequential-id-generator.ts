import type { IdGenerator } from '../kernel/ids.js';

/** Predictable, valid, increasing UUIDv7-shaped ids: …-7000-8000-000000000001, …-000000000002, … */
export class SequentialIdGenerator implements IdGenerator {
  #counter = 0;

  constructor(private readonly prefix = '00000000') {}

  next(): string {
    this.#counter += 1;
    return `${this.prefix}-0000-7000-8000-${this.#counter.toString(16).padStart(12, '0')}`;
  }
}
