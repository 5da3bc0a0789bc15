/** Port: the current time. Tests use a fixed, steppable clock. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = {
  now: () => new Date(),
};
