import type { Clock } from '../kernel/clock.js';

/** A clock that moves only when told to. */
export class FixedClock implements Clock {
  #now: Date;

  constructor(start: Date | string = '2026-01-01T00:00:00.000Z') {
    this.#now = new Date(start);
  }

  now(): Date {
    return new Date(this.#now);
  }

  advance(ms: number): void {
    this.#now = new Date(this.#now.getTime() + ms);
  }

  set(date: Date | string): void {
    this.#now = new Date(date);
  }
}
