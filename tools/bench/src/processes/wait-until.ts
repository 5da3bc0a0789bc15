export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls `check` every `intervalMs` until it returns true; fails with `what` after `timeoutMs`,
 * or at once when `abort` (a process exit, say) settles first.
 */
export async function waitUntil(
  what: string,
  check: () => Promise<boolean>,
  options: { timeoutMs: number; intervalMs?: number; abort?: Promise<Error> },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let aborted: Error | undefined;
  void options.abort?.then((error) => {
    aborted = error;
  });
  for (;;) {
    if (aborted) throw aborted;
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${Math.round(options.timeoutMs / 1000)} s waiting for ${what}`);
    await sleep(options.intervalMs ?? 100);
  }
}
