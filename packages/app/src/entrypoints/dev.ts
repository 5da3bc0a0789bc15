import 'reflect-metadata';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLocalMessaging, type LocalMessaging } from '@hexabill/adapter-aws/embedded';
import { createKnex, migrateLatest } from '@hexabill/adapter-postgres';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '@hexabill/adapter-postgres/embedded';
import { loadConfigOrExit } from '../config/load-config.js';
import { buildContainer } from '../container/build-container.js';
import { TOKENS } from '../container/tokens.js';
import { ensureDevAdmin } from '../dev/dev-admin.js';
import { onShutdownSignal } from '../runtime/shutdown.js';
import { startTracingIfConfigured } from '../runtime/tracing.js';

/**
 * `npm start`: the whole system in one process. Without DATABASE_URL it runs an embedded
 * PostgreSQL whose data stays in .data/postgres; without AWS_ENDPOINT it runs fauxqs in-process.
 * Then it migrates, makes a development admin, and starts the API, the consumers and the relay.
 */
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
// On Node 20 the AWS SDK warns at every start that its 2027 releases need Node 22 (the pinned version
// works): news for whoever deploys, noise for a developer's npm start. The SDK's own switch, read when
// the first client is made; a value set in the environment wins.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const base = loadConfigOrExit(process.env);
const print = (line = ''): void => {
  process.stdout.write(`${line}\n`);
};

let database: EmbeddedDatabase | undefined;
let messaging: LocalMessaging | undefined;
const dataDir = base.DEV_DATA_DIR ? resolve(base.DEV_DATA_DIR) : join(repoRoot, '.data', 'postgres');
// Out of the terminal's process group: Ctrl-C reaches the app, which drains and then stops PostgreSQL.
if (!base.DATABASE_URL) database = await startEmbeddedDatabase(dataDir, 'hexabill', { ownProcessGroup: true });
if (!base.AWS_ENDPOINT) messaging = await startLocalMessaging();

const config = {
  ...base,
  DATABASE_URL: base.DATABASE_URL ?? database?.url,
  AWS_ENDPOINT: base.AWS_ENDPOINT ?? messaging?.endpoint,
  AWS_ACCESS_KEY_ID: base.AWS_ACCESS_KEY_ID ?? (messaging ? 'local' : undefined),
  AWS_SECRET_ACCESS_KEY: base.AWS_SECRET_ACCESS_KEY ?? (messaging ? 'local' : undefined),
  // A developer at a terminal reads the log; a pipe or a file gets JSON lines.
  LOG_FORMAT: base.LOG_FORMAT ?? (process.stdout.isTTY ? ('pretty' as const) : ('json' as const)),
};
const migrations = createKnex({ connectionString: config.DATABASE_URL ?? '' });
const applied = await migrateLatest(migrations).finally(() => migrations.destroy());

const stopTracing = await startTracingIfConfigured(config, 'hexabill');
const container = buildContainer(config);
const logger = container.get(TOKENS.logger);
const admin = await ensureDevAdmin(container.get(TOKENS.uow), container.get(TOKENS.useCases), config.DEV_ADMIN_EMAIL);
const api = container.get(TOKENS.api);
const worker = await container.getAsync(TOKENS.worker);
const { url } = await api.start();
const { metricsUrl } = await worker.start();

print();
print('hexabill is running');
print(`  API      ${url}/api/v1`);
print(`  Docs     ${url}/docs   (ReDoc: ${url}/redoc, OpenAPI: ${url}/openapi.json)`);
print(`  Health   ${url}/health/ready`);
print(`  Metrics  ${metricsUrl}`);
print(
  `  Database ${database ? `embedded PostgreSQL, data in ${relative(repoRoot, dataDir) || dataDir}` : 'DATABASE_URL'}${applied.length ? ` (migrated: ${applied.join(', ')})` : ''}`,
);
print(`  SNS/SQS  ${messaging ? `fauxqs in this process at ${messaging.endpoint}` : (config.AWS_ENDPOINT ?? 'AWS')}`);
print(`  Mail     ${config.SMTP_URL ? 'SMTP_URL' : 'development mailbox: e-mails (password-reset links) are written to the log'}`);
if (admin.password) {
  print(`  Admin    ${admin.email} / ${admin.password}   (shown once — note it now)`);
} else {
  print(`  Admin    ${admin.email} (created on an earlier run; its password was shown then)`);
}
print('Press Ctrl-C to stop.');
print();

onShutdownSignal(logger, config.SHUTDOWN_TIMEOUT_MS, async () => {
  // Outermost first: no new requests, no new messages, then storage, then the emulators.
  await api.stop();
  await worker.stop();
  await container.unbindAllAsync();
  await stopTracing();
  await messaging?.stop();
  await database?.stop();
});
