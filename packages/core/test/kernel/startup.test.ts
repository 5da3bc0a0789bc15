import { describe, expect, it } from 'vitest';
import { StartupError, waitForDependency, type DependencyWaitOptions } from '../../src/index.js';

/** A clock that only moves when the waiter sleeps, so the schedule is exact and nothing really waits. */
function virtualTime(): { now: () => number; sleep: (ms: number) => Promise<void>; slept: number[] } {
  let time = 0;
  const slept: number[] = [];
  return {
    now: () => time,
    sleep: (ms) => {
      slept.push(ms);
      time += ms;
      return Promise.resolve();
    },
    slept,
  };
}

const refused = (): StartupError => new StartupError('unreachable', 'cannot reach PostgreSQL at db:5432 (ECONNREFUSED)', true);

function failing(errors: readonly Error[], value = 'connected'): { attempt: () => Promise<string>; calls: () => number } {
  let calls = 0;
  return {
    attempt: () => {
      const error = errors[calls];
      calls += 1;
      return error === undefined ? Promise.resolve(value) : Promise.reject(error);
    },
    calls: () => calls,
  };
}

function options(time: ReturnType<typeof virtualTime>, overrides: Partial<DependencyWaitOptions> = {}): DependencyWaitOptions {
  return { dependency: 'PostgreSQL at db:5432', timeoutMs: 10_000, now: time.now, sleep: time.sleep, ...overrides };
}

describe('waitForDependency', () => {
  it('retries transient failures with growing waits until the dependency answers', async () => {
    const time = virtualTime();
    const retries: number[] = [];
    const target = failing([refused(), refused(), refused()]);
    const result = await waitForDependency(
      target.attempt,
      options(time, {
        onRetry: (_error, _delay, attempt) => {
          retries.push(attempt);
        },
      }),
    );
    expect(result).toBe('connected');
    expect(target.calls()).toBe(4);
    expect(retries).toEqual([1, 2, 3]);
    // Each wait lies between half and all of its doubling ceiling: 250, 500, 1000 ms.
    expect(time.slept).toHaveLength(3);
    [250, 500, 1_000].forEach((ceiling, i) => {
      expect(time.slept[i]).toBeGreaterThanOrEqual(ceiling / 2);
      expect(time.slept[i]).toBeLessThanOrEqual(ceiling);
    });
  });

  it('gives up once the time is spent, with the last cause, how long it tried and the hint', async () => {
    const time = virtualTime();
    const target = failing(Array.from({ length: 1_000 }, refused));
    const failure = await waitForDependency(
      target.attempt,
      options(time, { timeoutMs: 3_000, giveUpHint: 'raise STARTUP_TIMEOUT_SECONDS' }),
    ).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(StartupError);
    const error = failure as StartupError;
    expect(error.problem).toBe('unreachable');
    expect(error.transient).toBe(false);
    expect(error.message).toBe('cannot reach PostgreSQL at db:5432 (ECONNREFUSED); gave up after 3 s; raise STARTUP_TIMEOUT_SECONDS');
    expect(time.now()).toBe(3_000);
    expect(time.slept.every((ms) => ms <= 5_000)).toBe(true);
  });

  it('fails at once on a failure that waiting cannot cure', async () => {
    const time = virtualTime();
    const wrongPassword = new StartupError('credentials', 'PostgreSQL refused the password of user "hexabill": check DATABASE_URL', false);
    const target = failing([refused(), wrongPassword]);
    await expect(waitForDependency(target.attempt, options(time))).rejects.toBe(wrongPassword);
    expect(target.calls()).toBe(2);
  });

  it('does not retry errors it knows nothing about', async () => {
    const time = virtualTime();
    const bug = new TypeError('x is not a function');
    const target = failing([bug]);
    await expect(waitForDependency(target.attempt, options(time))).rejects.toBe(bug);
    expect(target.calls()).toBe(1);
  });

  it('tries exactly once with a timeout of 0', async () => {
    const time = virtualTime();
    const target = failing([refused(), refused()]);
    await expect(waitForDependency(target.attempt, options(time, { timeoutMs: 0 }))).rejects.toThrow(/ECONNREFUSED.*gave up after 0 s/);
    expect(target.calls()).toBe(1);
  });

  it('abandons an attempt that neither succeeds nor fails, naming the dependency', async () => {
    const failure = await waitForDependency(() => new Promise<never>(() => undefined), {
      dependency: 'SNS/SQS at http://10.0.0.1:4566',
      timeoutMs: 0,
      lastAttemptMs: 20,
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(StartupError);
    expect((failure as StartupError).problem).toBe('unreachable');
    expect((failure as StartupError).message).toMatch(/^SNS\/SQS at http:\/\/10\.0\.0\.1:4566 did not answer \(waited [\d.]+ s\)$/);
  });
});
