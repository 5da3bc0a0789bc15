/**
 * One command for containers: `main.js api | worker | housekeep | migrate [latest|rollback|status] | dlq [list|redrive …] | admin …`.
 * Each part loads only what it needs.
 */
const [command, ...rest] = process.argv.slice(2);
const entrypoints: Record<string, () => Promise<unknown>> = {
  api: () => import('./api.js'),
  worker: () => import('./worker.js'),
  migrate: () => import('./migrate.js'),
  housekeep: () => import('./housekeep.js'),
  dlq: () => import('./dlq.js'),
  admin: () => import('./admin.js'),
};
const start = command ? entrypoints[command] : undefined;
if (!start) {
  process.stderr.write(
    'usage: main.js api | worker | housekeep | migrate [latest | rollback [--all] | status] | dlq [list [consumer] | redrive <consumer> | redrive --all] | admin [create | promote | reset-password] <email>\n',
  );
  process.exit(2);
}
// migrate, dlq and admin read their own arguments from argv after the command.
process.argv = [process.argv[0] ?? 'node', process.argv[1] ?? 'main.js', ...rest];
await start();
