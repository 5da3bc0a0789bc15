/**
 * The hexagon's dependency rule, checked on every `npm test` (docs/architecture.md has the map):
 * core depends on nothing of ours and on no runtime package but neverthrow; inside core the kernel
 * imports no context, messaging imports only the kernel (its catalogue reads the contexts' event
 * declarations), and users never import billing; adapters never import each other; only app imports
 * adapters, and app itself holds no adapter code (it imports only our packages and its DI tools).
 */
const nodeBuiltins = require('node:module').builtinModules;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'core-imports-no-package-of-ours',
      severity: 'error',
      comment: 'core is the centre of the hexagon: it may not know any adapter or the app.',
      from: { path: '^packages/core/src' },
      to: { path: '^packages/(adapter-[^/]+|app)/' },
    },
    {
      name: 'core-imports-no-workspace-package',
      severity: 'error',
      from: { path: '^packages/core/src' },
      to: { path: '@hexabill/' },
    },
    {
      name: 'core-runtime-depends-on-neverthrow-only',
      severity: 'error',
      comment:
        'core ships neverthrow as its one runtime dependency. Only the contract suites, which are test code for consumers, may import vitest.',
      from: { path: '^packages/core/src', pathNot: '^packages/core/src/testing/contracts/' },
      to: {
        dependencyTypes: ['npm', 'npm-dev', 'npm-peer', 'npm-optional', 'npm-no-pkg', 'npm-unknown'],
        pathNot: 'node_modules/neverthrow/',
      },
    },
    {
      name: 'core-contracts-import-only-vitest-and-neverthrow',
      severity: 'error',
      from: { path: '^packages/core/src/testing/contracts/' },
      to: {
        dependencyTypes: ['npm', 'npm-dev', 'npm-peer', 'npm-optional', 'npm-no-pkg', 'npm-unknown'],
        pathNot: 'node_modules/(neverthrow|vitest|@vitest)/',
      },
    },
    {
      name: 'core-uses-no-node-builtins',
      severity: 'error',
      comment: 'core runs anywhere JavaScript runs: no node-only modules.',
      from: { path: '^packages/core/src' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'kernel-imports-only-the-kernel',
      severity: 'error',
      comment: 'The kernel holds values and building blocks; it knows no context, no messaging, no composition.',
      from: { path: '^packages/core/src/kernel/' },
      to: { path: '^packages/core/src/', pathNot: '^packages/core/src/kernel/' },
    },
    {
      name: 'messaging-imports-only-the-kernel',
      severity: 'error',
      comment: 'Outbox, inbox, relay and the handler port are generic; only the event catalogue reads the contexts’ event declarations.',
      from: { path: '^packages/core/src/messaging/', pathNot: '^packages/core/src/messaging/event-catalogue\\.ts$' },
      to: { path: '^packages/core/src/', pathNot: '^packages/core/src/(kernel|messaging)/' },
    },
    {
      name: 'event-catalogue-reads-only-event-declarations',
      severity: 'error',
      from: { path: '^packages/core/src/messaging/event-catalogue\\.ts$' },
      to: { path: '^packages/core/src/', pathNot: '^packages/core/src/((kernel|messaging)/|[^/]+/[^/]+-events\\.ts$)' },
    },
    {
      name: 'users-imports-no-billing',
      severity: 'error',
      comment:
        'Billing is downstream of users (an invoice belongs to a user); users reaches billing only through ports it owns (UserErasure).',
      from: { path: '^packages/core/src/users/' },
      to: { path: '^packages/core/src/billing/' },
    },
    {
      name: 'contexts-import-no-composition',
      severity: 'error',
      comment: 'The files at the core root compose the contexts (use cases, handlers, the transaction); contexts never import them.',
      // Every folder of core but testing/ (whose fakes implement the composed ports) is a context or the kernel.
      from: { path: '^packages/core/src/[^/]+/', pathNot: '^packages/core/src/testing/' },
      to: { path: '^packages/core/src/[^/]+\\.ts$' },
    },
    {
      name: 'only-tests-import-core-testing',
      severity: 'error',
      comment: 'Fakes and contract suites are for tests; nothing that ships imports them.',
      from: { path: '^packages/[^/]+/src/', pathNot: '^packages/core/src/testing/' },
      to: { path: '(^packages/core/src/testing/|@hexabill/core/(dist/)?testing/)' },
    },
    {
      name: 'app-holds-no-adapter-code',
      severity: 'error',
      comment: 'app wires: it imports our packages, its DI container and zod for its config; any other library belongs in an adapter.',
      from: { path: '^packages/app/src/' },
      to: {
        dependencyTypes: ['npm', 'npm-dev', 'npm-peer', 'npm-optional', 'npm-no-pkg', 'npm-unknown'],
        pathNot: 'node_modules/(@hexabill/[^/]+|inversify|@inversifyjs/[^/]+|reflect-metadata|zod)/',
      },
    },
    {
      name: 'adapter-imports-no-other-adapter',
      severity: 'error',
      from: { path: '^packages/(adapter-[^/]+)/' },
      to: { path: '^packages/adapter-[^/]+/', pathNot: '^packages/$1/' },
    },
    {
      name: 'adapter-imports-no-other-adapter-package',
      severity: 'error',
      from: { path: '^packages/adapter-([^/]+)/' },
      to: { path: '@hexabill/adapter-', pathNot: '@hexabill/adapter-$1' },
    },
    {
      name: 'only-app-imports-adapters',
      severity: 'error',
      from: { path: '^packages/', pathNot: '^packages/(app|adapter-[^/]+)/' },
      to: { path: '(^packages/adapter-[^/]+/|@hexabill/adapter-)' },
    },
    {
      name: 'nothing-imports-app',
      severity: 'error',
      from: { path: '^packages/', pathNot: '^packages/app/' },
      to: { path: '(^packages/app/|@hexabill/app)' },
    },
    {
      name: 'infra-uses-only-the-topology',
      severity: 'error',
      comment: 'The CDK stack reads the messaging topology (core + adapter-aws); it never wires the running app.',
      from: { path: '^infra/[^/]+/src' },
      to: { path: '(@hexabill/(adapter-http|adapter-postgres|app)|^packages/(adapter-http|adapter-postgres|app)/)' },
    },
    {
      name: 'bench-starts-the-product-never-imports-it',
      severity: 'error',
      comment:
        'tools/bench measures hexabill as a user deploys it: it starts the compiled entrypoints and speaks HTTP and SQL, so it never imports a package of ours (their internals are free to change).',
      from: { path: '^tools/' },
      to: { path: '(^packages/|^infra/|@hexabill/)' },
    },
    {
      name: 'no-unresolvable-imports',
      severity: 'error',
      comment: 'An import the cruiser cannot resolve could hide any of the violations above (build first).',
      from: { path: '^(packages|tools)/[^/]+/src' },
      to: { couldNotResolve: true },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: { path: '^(packages|tools)/[^/]+/src' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(packages|infra|tools)/[^/]+/(dist|coverage|cdk.out|results|\\.bench-dist)/' },
    tsPreCompilationDeps: true,
    combinedDependencies: false,
    preserveSymlinks: true,
    tsConfig: { fileName: 'tsconfig.depcruise.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    builtInModules: { add: nodeBuiltins },
  },
};
