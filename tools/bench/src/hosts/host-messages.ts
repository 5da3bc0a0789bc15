/** What a host script (PostgreSQL, fauxqs) tells the bench over IPC once it is up, or why it is not. */
export type HostMessage =
  { readonly type: 'ready'; readonly url: string; readonly pid: number } | { readonly type: 'failed'; readonly message: string };

export function asHostMessage(message: unknown): HostMessage | undefined {
  if (typeof message !== 'object' || message === null || !('type' in message)) return undefined;
  return message.type === 'ready' || message.type === 'failed' ? (message as HostMessage) : undefined;
}

/**
 * Runs `stop` once when the bench asks (IPC `stop`), on SIGTERM/SIGINT, or when the bench is gone
 * (the IPC channel closes), then exits: a host never outlives the bench.
 */
export function stopWhenAsked(stop: () => Promise<void>): void {
  let stopping = false;
  const handle = (): void => {
    if (stopping) return;
    stopping = true;
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`stop failed: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('message', (message) => {
    if (typeof message === 'object' && message !== null && 'type' in message && message.type === 'stop') handle();
  });
  process.on('disconnect', handle);
  process.on('SIGTERM', handle);
  process.on('SIGINT', handle);
}

export function reportFailure(error: unknown): void {
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`${message}\n`);
  process.send?.({ type: 'failed', message } satisfies HostMessage);
  process.exitCode = 1;
}
