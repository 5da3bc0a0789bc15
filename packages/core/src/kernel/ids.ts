import { err, ok, type Result } from './result.js';

/** Port: where new identifiers come from. Tests swap in a sequential generator. */
export interface IdGenerator {
  next(): string;
}

interface RandomSource {
  getRandomValues(array: Uint8Array): Uint8Array;
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}

export function parseUuid(value: string): Result<string, string> {
  return isUuid(value) ? ok(value.toLowerCase()) : err('must be a UUID');
}

/**
 * UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then randomness. Ids sort by creation time,
 * which keeps B-tree inserts local and makes "newest first" a primary-key order.
 * Within one millisecond a 12-bit counter (rand_a) keeps ids from this generator increasing.
 */
export class UuidV7Generator implements IdGenerator {
  private lastMs = -1;
  private counter = 0;

  constructor(
    private readonly now: () => number = () => Date.now(),
    private readonly random: RandomSource = (globalThis as unknown as { crypto: RandomSource }).crypto,
  ) {}

  next(): string {
    let ms = this.now();
    if (ms <= this.lastMs) {
      ms = this.lastMs;
      this.counter += 1;
      if (this.counter > 0xfff) {
        // Counter exhausted within one millisecond: borrow the next millisecond.
        ms += 1;
        this.counter = 0;
      }
    } else {
      this.counter = 0;
    }
    this.lastMs = ms;

    const bytes = this.random.getRandomValues(new Uint8Array(16));
    let time = ms;
    for (let i = 5; i >= 0; i -= 1) {
      bytes[i] = time % 256;
      time = Math.floor(time / 256);
    }
    bytes[6] = 0x70 | ((this.counter >> 8) & 0x0f);
    bytes[7] = this.counter & 0xff;
    bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f);

    const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
}
