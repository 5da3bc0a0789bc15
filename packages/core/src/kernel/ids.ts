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

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));
/** Random bytes drawn per refill: one call to the system's generator serves 409 ids. */
const POOL_SIZE = 4096;

/**
 * UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then randomness. Ids sort by creation time,
 * which keeps B-tree inserts local and makes "newest first" a primary-key order.
 * Within one millisecond a 12-bit counter (rand_a) keeps ids from this generator increasing.
 * Randomness comes from a pool refilled 4 KiB at a time: one system call per few hundred ids, not one each.
 */
export class UuidV7Generator implements IdGenerator {
  private lastMs = -1;
  private counter = 0;
  private readonly pool = new Uint8Array(POOL_SIZE);
  private offset = POOL_SIZE;

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

    // 8 random bytes: the variant byte and the 62 random bits after it.
    if (this.offset + 8 > POOL_SIZE) {
      this.random.getRandomValues(this.pool);
      this.offset = 0;
    }
    const r = this.pool;
    const o = this.offset;
    this.offset += 8;
    const time = ms.toString(16).padStart(12, '0');
    const c = this.counter;
    const h = (i: number): string => HEX[r[o + i] ?? 0] ?? '00';
    return (
      `${time.slice(0, 8)}-${time.slice(8, 12)}-` +
      `7${HEX[(c >> 8) & 0x0f]?.[1] ?? '0'}${HEX[c & 0xff] ?? '00'}-` +
      `${HEX[0x80 | ((r[o] ?? 0) & 0x3f)] ?? '80'}${h(1)}-` +
      `${h(2)}${h(3)}${h(4)}${h(5)}${h(6)}${h(7)}`
    );
  }
}
