import 'reflect-metadata';
import { tableSizes } from '@hexabill/adapter-postgres';
import { checkInboxRetention } from '../config/check-retention.js';
import { loadConfigOrExit } from '../config/load-config.js';
import { buildContainer } from '../container/build-container.js';
import { TOKENS } from '../container/tokens.js';
import { startOrExit } from '../runtime/start-or-exit.js';
import { waitForDatabase } from '../runtime/wait-for-dependencies.js';

/**
 * `housekeep`: runs every sweep now, to the end (no time budget), and prints what it removed and each
 * housekept table's size as one JSON object. The worker does the same every 10 minutes.
 */
const config = loadConfigOrExit({ ...process.env, RETENTION_SWEEP_BUDGET_MS: String(24 * 3600_000) }, ['DATABASE_URL']);
const container = buildContainer(config);
const code = await startOrExit(async () => {
  checkInboxRetention(config, await container.getAsync(TOKENS.topologyDefinition));
  await waitForDatabase(config, container.get(TOKENS.logger));
  const housekeeping = container.get(TOKENS.housekeeping);
  const swept = await housekeeping.runOnce();
  const expected = container.get(TOKENS.sweepers).map((s) => s.name);
  const failed = expected.filter((name) => !(name in swept));
  const tables = await tableSizes(container.get(TOKENS.database));
  process.stdout.write(`${JSON.stringify({ swept, failed, tables })}\n`);
  return failed.length === 0 ? 0 : 1;
}, config.LOG_LEVEL);
await container.unbindAllAsync();
process.exitCode = code;
