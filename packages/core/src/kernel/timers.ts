/**
 * The timer functions every JavaScript runtime has, typed here so core compiles without
 * runtime-specific type libraries (core must not depend on Node).
 */
interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const timers = globalThis as unknown as Timers;
