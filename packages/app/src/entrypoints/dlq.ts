import 'reflect-metadata';
import { loadConfigOrExit } from '../config/load-config.js';
import { buildContainer } from '../container/build-container.js';
import { TOKENS } from '../container/tokens.js';
import { startOrExit } from '../runtime/start-or-exit.js';

const USAGE = 'usage: dlq [list [consumer] | redrive <consumer> | redrive --all]';

/**
 * `dlq`: the consumers' dead-letter queues. `list` prints, per consumer, how many messages wait in its
 * dead-letter queue and what up to ten of them are (left in place); `redrive` moves them back to the
 * consumer's queue, where the worker handles them again (handlers are idempotent, so a message whose
 * work was done meanwhile — a payment the reconciler settled — changes nothing). One JSON object on stdout.
 */
async function main(args: string[]): Promise<number> {
  const [command = 'list', target] = args;
  if (!(command === 'list' || (command === 'redrive' && target !== undefined)) || args.length > 2) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const config = loadConfigOrExit(process.env);
  const container = buildContainer(config);
  try {
    return await startOrExit(async () => {
      const queues = await container.getAsync(TOKENS.deadLetterQueues);
      const all = target === undefined || target === '--all';
      if (!all && !queues.consumers.includes(target)) {
        process.stderr.write(`dlq: unknown consumer "${target}"; the consumers are: ${queues.consumers.join(', ')}\n`);
        return 2;
      }
      const consumers = all ? queues.consumers : [target];
      if (command === 'redrive') {
        const redriven: Record<string, number> = {};
        for (const consumer of consumers) redriven[consumer] = await queues.redrive(consumer);
        process.stdout.write(`${JSON.stringify({ redriven })}\n`);
        return 0;
      }
      const counts = (await queues.counts()).filter((c) => consumers.includes(c.consumer));
      const listed = await Promise.all(
        counts.map(async (c) => ({
          consumer: c.consumer,
          messages: c.messages,
          in_flight: c.inFlight,
          sample: c.messages > 0 ? await queues.peek(c.consumer) : [],
        })),
      );
      process.stdout.write(`${JSON.stringify({ queues: listed })}\n`);
      return 0;
    }, config.LOG_LEVEL);
  } finally {
    await container.unbindAllAsync();
  }
}

process.exitCode = await main(process.argv.slice(2));
