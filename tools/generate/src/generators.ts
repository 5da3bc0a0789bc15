import { aggregateNames, nameOf, type AggregateNames, type Name } from './names.js';
import * as core from './templates/core.js';
import * as http from './templates/http.js';
import * as pg from './templates/postgres.js';
import type { Workspace } from './workspace.js';

const CORE = 'packages/core/src';
const CORE_TEST = 'packages/core/test';
const PG = 'packages/adapter-postgres';
const HTTP = 'packages/adapter-http';

/** A new bounded context with its first aggregate, every layer, wired and tested. */
export function generateContext(ws: Workspace, ctx: Name, aggregate: string): void {
  if (ws.exists(`${CORE}/${ctx.kebab}`)) throw new Error(`the context ${ctx.kebab} already exists (${CORE}/${ctx.kebab})`);
  ws.create(`${CORE}/${ctx.kebab}/${ctx.kebab}-transaction.ts`, core.transactionFile(ctx));
  ws.create(`${CORE}/${ctx.kebab}/index.ts`, core.contextIndexFile(ctx));
  ws.insertAt(`${CORE}/index.ts`, 'contexts', `export * from './${ctx.kebab}/index.js';`);

  const transaction = `${CORE}/transaction.ts`;
  ws.addImport(
    transaction,
    `import type { ${ctx.pascal}Reads, ${ctx.pascal}Transaction } from './${ctx.kebab}/${ctx.kebab}-transaction.js';`,
  );
  ws.replace(
    transaction,
    /(export interface Transaction extends [^{]+?)\s*\{\}/,
    (_, head) => `${head}, ${ctx.pascal}Transaction {}`,
    'declaration of the composed Transaction',
  );
  ws.replace(
    transaction,
    /(export interface ReadRepositories extends [^{]+?)\s*\{\}/,
    (_, head) => `${head}, ${ctx.pascal}Reads {}`,
    'declaration of the composed ReadRepositories',
  );
  generateAggregate(ws, ctx, aggregate);
}

/** An aggregate in a context made by the generator: core, fakes, contract, PostgreSQL, HTTP, consumer, tests. */
export function generateAggregate(ws: Workspace, ctx: Name, aggregate: string): void {
  const names = aggregateNames(aggregate);
  const { one } = names;
  const folder = `${CORE}/${ctx.kebab}`;
  requireGeneratedContext(ws, ctx);
  if (ws.exists(`${folder}/${one.kebab}.ts`)) throw new Error(`the aggregate ${one.kebab} already exists in ${folder}`);

  coreAggregate(ws, ctx, names);
  testingAggregate(ws, ctx, names);
  postgresAggregate(ws, ctx, names);
  httpAggregate(ws, ctx, names);
  ws.create(`${CORE_TEST}/${ctx.kebab}/${one.kebab}.test.ts`, core.useCaseTestFile(ctx, names));
  ws.create(`${CORE_TEST}/${ctx.kebab}/${one.kebab}-repository.contract.test.ts`, core.contractTestFile(ctx, names));
}

function requireGeneratedContext(ws: Workspace, ctx: Name): void {
  const slice = `${CORE}/${ctx.kebab}/${ctx.kebab}-transaction.ts`;
  if (!ws.exists(slice)) throw new Error(`no context ${ctx.kebab}: ${slice} does not exist (generate it with: context ${ctx.kebab})`);
  if (!ws.read(slice).includes(`// hexabill-generate: ${ctx.kebab} transaction`)) {
    throw new Error(
      `${slice} has no "// hexabill-generate: ${ctx.kebab} transaction" line: the generator adds aggregates to contexts it made (see docs/extending.md to add one by hand)`,
    );
  }
}

function coreAggregate(ws: Workspace, ctx: Name, names: AggregateNames): void {
  const { one, many } = names;
  const folder = `${CORE}/${ctx.kebab}`;
  ws.create(`${folder}/${one.kebab}.ts`, core.aggregateFile(names));
  ws.create(`${folder}/${one.kebab}-events.ts`, core.eventsFile(names));
  ws.create(`${folder}/${one.kebab}-errors.ts`, core.errorsFile(names));
  ws.create(`${folder}/${one.kebab}-repository.ts`, core.repositoryFile(names));
  ws.create(`${folder}/create-${one.kebab}.ts`, core.createUseCaseFile(ctx, names));
  ws.create(`${folder}/get-${one.kebab}.ts`, core.getUseCaseFile(ctx, names));
  ws.create(`${folder}/list-${many.kebab}.ts`, core.listUseCaseFile(ctx, names));
  ws.insertAt(`${folder}/index.ts`, `${ctx.kebab} exports`, core.aggregateExports(names));

  const slice = `${folder}/${ctx.kebab}-transaction.ts`;
  ws.insertAt(
    slice,
    `${ctx.kebab} imports`,
    `import type { ${one.pascal}Reads, ${one.pascal}Repository } from './${one.kebab}-repository.js';`,
  );
  ws.insertAt(slice, `${ctx.kebab} transaction`, `readonly ${many.camel}: ${one.pascal}Repository;`);
  ws.insertAt(slice, `${ctx.kebab} reads`, `readonly ${many.camel}: ${one.pascal}Reads;`);

  const transaction = `${CORE}/transaction.ts`;
  ws.addImport(transaction, `import type { ${one.pascal}Repository } from './${ctx.kebab}/${one.kebab}-repository.js';`);
  ws.insertAt(transaction, 'transaction stores', `readonly ${many.camel}: ${one.pascal}Repository;`);
  ws.insertAt(transaction, 'tracked stores', `${many.camel}: trackWrites(stores.${many.camel}, tracker, ['add', 'save']),`);

  const errors = `${CORE}/domain-error.ts`;
  ws.addImport(errors, `import type { ${one.pascal}Error } from './${ctx.kebab}/${one.kebab}-errors.js';`);
  ws.replace(
    errors,
    /export type DomainError = ([^;]+);/,
    (_, union) => `export type DomainError = ${union} | ${one.pascal}Error;`,
    'DomainError union',
  );

  const E = `${one.constant}_EVENTS`;
  const catalogue = `${CORE}/messaging/event-catalogue.ts`;
  ws.addImport(catalogue, `import { ${E} } from '../${ctx.kebab}/${one.kebab}-events.js';`);
  ws.replace(catalogue, /(export const EVENT_GROUPS = \[[^\]]*?),?\s*\]/, (_, head) => `${head}, ${E}]`, 'EVENT_GROUPS list');
  ws.replace(
    catalogue,
    /(export type HexabillEnvelope =[^;]*?);/,
    (_, head) => `${head} | EnvelopeOfGroup<typeof ${E}>;`,
    'HexabillEnvelope union',
  );

  const useCases = `${CORE}/use-cases.ts`;
  ws.addImport(useCases, `import { Create${one.pascal} } from './${ctx.kebab}/create-${one.kebab}.js';`);
  ws.addImport(useCases, `import { Get${one.pascal} } from './${ctx.kebab}/get-${one.kebab}.js';`);
  ws.addImport(useCases, `import { List${many.pascal} } from './${ctx.kebab}/list-${many.kebab}.js';`);
  ws.insertAt(useCases, 'use cases', [
    `readonly create${one.pascal}: Create${one.pascal};`,
    `readonly get${one.pascal}: Get${one.pascal};`,
    `readonly list${many.pascal}: List${many.pascal};`,
  ]);
  ws.insertAt(useCases, 'use case instances', [
    `create${one.pascal}: new Create${one.pascal}(deps),`,
    `get${one.pascal}: new Get${one.pascal}(deps),`,
    `list${many.pascal}: new List${many.pascal}(deps),`,
  ]);

  // The consumer: every event of the aggregate, logged once each, on its own queue.
  const handlers = `${CORE}/event-handlers.ts`;
  const audit = `AUDIT_${one.constant}_EVENTS`;
  ws.addImport(handlers, `import { ${E} } from './${ctx.kebab}/${one.kebab}-events.js';`);
  ws.insertAt(
    handlers,
    'subscriptions',
    `export const ${audit}: Subscription = { consumer: 'audit.${one.kebab}-events', eventTypes: ${E}.types };`,
  );
  ws.insertAt(handlers, 'subscription list', `${audit},`);
  ws.insertAt(handlers, 'handlers', `new LogEvents(${audit}, deps),`);
}

function testingAggregate(ws: Workspace, ctx: Name, names: AggregateNames): void {
  const { one, many } = names;
  const testing = `${CORE}/testing`;
  ws.create(`${testing}/in-memory-${one.kebab}-repository.ts`, core.inMemoryRepositoryFile(ctx, names));
  ws.append(`${testing}/index.ts`, `export * from './in-memory-${one.kebab}-repository.js';`);

  const database = `${testing}/in-memory-database.ts`;
  ws.addImport(database, `import type { ${one.pascal}Snapshot } from '../${ctx.kebab}/${one.kebab}.js';`);
  ws.insertAt(database, 'in-memory tables', `readonly ${many.camel}: ${one.pascal}Snapshot;`);
  ws.insertAt(database, 'in-memory table names', `${many.camel}: true,`);

  const uow = `${testing}/in-memory-unit-of-work.ts`;
  ws.addImport(uow, `import { InMemory${one.pascal}Repository } from './in-memory-${one.kebab}-repository.js';`);
  ws.insertAt(uow, 'in-memory reads', `${many.camel}: new InMemory${one.pascal}Repository(view),`);
  ws.insertAt(uow, 'in-memory stores', `${many.camel}: new InMemory${one.pascal}Repository(draft),`);

  const builders = `${testing}/builders.ts`;
  const builder = core.builderFunction(ctx, names);
  for (const line of builder.imports) ws.addImport(builders, line);
  ws.append(builders, builder.body);

  ws.create(`${testing}/contracts/${one.kebab}-repository-contract.ts`, core.contractFile(ctx, names));
  ws.append(`${testing}/contracts/index.ts`, `export * from './${one.kebab}-repository-contract.js';`);
}

function postgresAggregate(ws: Workspace, ctx: Name, names: AggregateNames): void {
  const { one, many } = names;
  const numbers = ws
    .list(`${PG}/src/migrations`)
    .map((file) => /^(\d{4,})-/.exec(file)?.[1])
    .filter((n): n is string => n !== undefined)
    .map(Number);
  const next = String(Math.max(0, ...numbers) + 1).padStart(4, '0');
  ws.create(`${PG}/src/migrations/${next}-${many.kebab}.ts`, pg.migrationFile(names));

  const folder = `${PG}/src/${ctx.kebab}`;
  ws.create(`${folder}/${one.kebab}-row.ts`, pg.rowFile(ctx, names));
  ws.create(`${folder}/${one.kebab}-queries.ts`, pg.queriesFile(ctx, names));
  ws.create(`${folder}/pg-${one.kebab}-repository.ts`, pg.repositoryFile(ctx, names));
  ws.append(`${PG}/src/index.ts`, `export * from './${ctx.kebab}/pg-${one.kebab}-repository.js';`);

  const uow = `${PG}/src/pg-unit-of-work.ts`;
  ws.addImport(uow, `import { Pg${one.pascal}Repository } from './${ctx.kebab}/pg-${one.kebab}-repository.js';`);
  ws.insertAt(uow, 'postgres stores', `${many.camel}: new Pg${one.pascal}Repository(db),`);
  ws.insertAt(uow, 'postgres reads', `${many.camel}: new Pg${one.pascal}Repository(database),`);

  ws.create(`${PG}/test/${many.kebab}.contract.test.ts`, pg.contractTestFile(ctx, names));
}

function httpAggregate(ws: Workspace, ctx: Name, names: AggregateNames): void {
  const { one, many } = names;
  ws.create(`${HTTP}/src/schemas/${one.kebab}-schemas.ts`, http.schemasFile(names));
  ws.create(`${HTTP}/src/${ctx.kebab}/${many.kebab}.routes.ts`, http.routesFile(names));
  ws.create(`${HTTP}/src/${ctx.kebab}/${many.kebab}.handlers.ts`, http.handlersFile(names));
  ws.create(`${HTTP}/test/${many.kebab}.test.ts`, http.httpTestFile(names));

  const routes = `${HTTP}/src/api-routes.ts`;
  const chain = http.routeChain(ctx, names);
  for (const line of chain.imports) ws.addImport(routes, line);
  ws.insertAt(routes, 'handlers', chain.handlers);
  ws.replace(
    routes,
    /^(\s*)(\.openapi\([^\n]*\));$/m,
    (_, indent, last) => [`${indent}${last}`, ...chain.chain.map((line) => `${indent}${line}`)].join('') + ';',
    'end of the route chain (a last `.openapi(…);` line)',
  );
  ws.insertAt(`${HTTP}/src/problem/status-by-code.ts`, 'error statuses', `${one.constant}_NOT_FOUND: 404,`);
  ws.replace(
    `${HTTP}/src/create-http-app.ts`,
    /\{ name: 'health' \}/,
    () => `{ name: '${many.kebab}' }, { name: 'health' }`,
    "the document's `{ name: 'health' }` tag",
  );
}

/** A use case acting on one aggregate of a context: load it in a transaction, change it, save it. */
export function generateUseCase(ws: Workspace, ctx: Name, useCase: Name, aggregate: string): void {
  const { one, many } = aggregateNames(aggregate);
  const folder = `${CORE}/${ctx.kebab}`;
  if (!ws.exists(`${folder}/${one.kebab}.ts`)) throw new Error(`no aggregate ${one.kebab} in ${folder} (name it with --aggregate)`);
  ws.create(
    `${folder}/${useCase.kebab}.ts`,
    `import { AccessPolicy } from '../kernel/access-policy.js';
import type { ConcurrencyConflict, IdempotencyError, Unauthenticated } from '../kernel/errors.js';
import { isUuid } from '../kernel/ids.js';
import type { RequestContext } from '../kernel/request-context.js';
import { err, ok, type Result } from '../kernel/result.js';
import type { ${ctx.pascal}UnitOfWork } from './${ctx.kebab}-transaction.js';
import { ${one.pascal}Errors, type ${one.pascal}NotFound } from './${one.kebab}-errors.js';
import type { ${one.pascal}View } from './${one.kebab}.js';

export interface ${useCase.pascal}Input {
  readonly id: string;
}

export type ${useCase.pascal}Error = Unauthenticated | ${one.pascal}NotFound | ConcurrencyConflict | IdempotencyError;

/** ${capitalised(useCase.words)}: loads the ${one.words} in a transaction, applies the change, saves it with its events. */
export class ${useCase.pascal} {
  constructor(private readonly deps: { readonly uow: ${ctx.pascal}UnitOfWork }) {}

  async execute(input: ${useCase.pascal}Input, ctx: RequestContext): Promise<Result<${one.pascal}View, ${useCase.pascal}Error>> {
    const actor = AccessPolicy.requireAuthenticated(ctx.principal);
    if (actor.isErr()) return err(actor.error);
    if (!isUuid(input.id)) return err(${one.pascal}Errors.notFound(input.id));

    return this.deps.uow.transaction(async (tx) => {
      const found = await tx.${many.camel}.findById(input.id);
      if (!found) return err(${one.pascal}Errors.notFound(input.id));
      // The change: call a method of the ${one.words} here; it raises its event, and the save below
      // writes both (optimistic concurrency: a concurrent writer gets CONCURRENCY_CONFLICT).
      if (found.hasPendingEvents) {
        const saved = await tx.${many.camel}.save(found);
        if (saved.isErr()) return err(saved.error);
      }
      return ok(found.toView());
    }, ctx);
  }
}
`,
  );
  ws.insertAt(`${folder}/index.ts`, `${ctx.kebab} exports`, `export * from './${useCase.kebab}.js';`);
  const useCases = `${CORE}/use-cases.ts`;
  ws.addImport(useCases, `import { ${useCase.pascal} } from './${ctx.kebab}/${useCase.kebab}.js';`);
  ws.insertAt(useCases, 'use cases', `readonly ${useCase.camel}: ${useCase.pascal};`);
  ws.insertAt(useCases, 'use case instances', `${useCase.camel}: new ${useCase.pascal}(deps),`);
  ws.create(
    `${CORE_TEST}/${ctx.kebab}/${useCase.kebab}.test.ts`,
    `import { beforeEach, describe, expect, it } from 'vitest';
import { Principals, type RequestContext } from '../../src/index.js';
import { within } from '../../src/testing/contracts/index.js';
import { ${core.builderName(one)}, createTestKit, type TestKit } from '../../src/testing/index.js';

const signedIn: RequestContext = { principal: Principals.user('00000000-0000-7000-8000-00000000000a', 'user') };

let kit: TestKit;
beforeEach(() => {
  kit = createTestKit();
});

describe('${useCase.pascal}', () => {
  it('answers the ${one.words} it acted on', async () => {
    const stored = ${core.builderName(one)}();
    await within(kit.uow, (tx) => tx.${many.camel}.add(stored));
    expect((await kit.${useCase.camel}.execute({ id: stored.id }, signedIn))._unsafeUnwrap()).toMatchObject({ id: stored.id });
  });

  it('answers an unknown id as ${one.constant}_NOT_FOUND and an anonymous caller as UNAUTHENTICATED', async () => {
    expect((await kit.${useCase.camel}.execute({ id: kit.ids.next() }, signedIn))._unsafeUnwrapErr().code).toBe('${one.constant}_NOT_FOUND');
    expect((await kit.${useCase.camel}.execute({ id: 'x' }, { principal: Principals.anonymous() }))._unsafeUnwrapErr().code).toBe(
      'UNAUTHENTICATED',
    );
  });
});
`,
  );
}

/** An event of an aggregate: declared in its group, so the catalogue and the audit consumer take it. */
export function generateEvent(ws: Workspace, ctx: Name, aggregate: string, event: string): void {
  const { one } = aggregateNames(aggregate);
  const file = `${CORE}/${ctx.kebab}/${one.kebab}-events.ts`;
  if (!ws.exists(file)) throw new Error(`no aggregate ${one.kebab} in ${CORE}/${ctx.kebab} (name it with --aggregate)`);
  const type = event.includes('.') ? event : `${one.snake}.${nameOf(event).snake}`;
  if (!type.startsWith(`${one.snake}.`))
    throw new Error(`an event of ${one.kebab} must be named ${one.snake}.<what_happened>, not ${type}`);
  if (!/^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/.test(type)) throw new Error(`"${type}" must be <aggregate>.<what_happened> in snake_case`);
  if (ws.read(file).includes(`'${type}'`)) throw new Error(`${type} is already declared in ${file}`);
  ws.insertAt(file, `${one.kebab} events`, `'${type}': { version: 1, payload: { ${one.snake}_id: Fields.id } },`);
}

/** A consumer of a context: its subscription, its handler (once per event, by the inbox), its queue. */
export function generateConsumer(ws: Workspace, ctx: Name, consumer: Name, eventTypes: readonly string[]): void {
  const folder = `${CORE}/${ctx.kebab}`;
  if (!ws.exists(folder)) throw new Error(`no context ${ctx.kebab} (${folder})`);
  if (eventTypes.length === 0) throw new Error('--events: name at least one event type, e.g. --events order.created');
  const declared = ws
    .list(folder)
    .filter((file) => file.endsWith('-events.ts'))
    .map((file) => ws.read(`${folder}/${file}`))
    .join('\n');
  for (const type of eventTypes) {
    if (!declared.includes(`'${type}'`)) throw new Error(`--events: ${type} is not declared in ${folder}/*-events.ts`);
  }
  const constant = consumer.constant;
  const id = `${ctx.kebab}.${consumer.kebab}`;
  ws.create(
    `${folder}/${consumer.kebab}.ts`,
    `import type { EventEnvelope } from '../kernel/domain-event.js';
import type { Logger } from '../kernel/logger.js';
import { ok, type Result } from '../kernel/result.js';
import type { UnitOfWork } from '../kernel/unit-of-work.js';
import type { EventHandler, HandleOutcome, Subscription } from '../messaging/event-handler.js';
import type { MessagingTransaction } from '../messaging/inbox.js';

export const ${constant}: Subscription = { consumer: '${id}', eventTypes: [${eventTypes.map((t) => `'${t}'`).join(', ')}] };

/**
 * ${capitalised(consumer.words)}: handles each event once, however often the queue delivers it (the inbox
 * remembers it in the same transaction as the work). Put the work where the log line is.
 */
export class ${consumer.pascal} implements EventHandler {
  readonly subscription = ${constant};

  constructor(private readonly deps: { readonly uow: UnitOfWork<MessagingTransaction, unknown>; readonly logger: Logger }) {}

  async handle(event: EventEnvelope): Promise<Result<HandleOutcome, never>> {
    return this.deps.uow.transaction(
      async (tx) => {
        if (!(await tx.inbox.markProcessed(${constant}.consumer, event.event_id))) return ok('duplicate' as const);
        this.deps.logger.info('${id} handled an event', {
          consumer: ${constant}.consumer,
          event_id: event.event_id,
          event_type: event.event_type,
          aggregate_id: event.aggregate_id,
          correlation_id: event.correlation_id,
        });
        return ok('handled' as const);
      },
      { correlationId: event.correlation_id, causationId: event.event_id },
    );
  }
}
`,
  );
  ws.insertAt(`${folder}/index.ts`, `${ctx.kebab} exports`, `export * from './${consumer.kebab}.js';`);
  const handlers = `${CORE}/event-handlers.ts`;
  ws.addImport(handlers, `import { ${constant}, ${consumer.pascal} } from './${ctx.kebab}/${consumer.kebab}.js';`);
  ws.insertAt(handlers, 'subscription list', `${constant},`);
  ws.insertAt(handlers, 'handlers', `new ${consumer.pascal}(deps),`);
  const [first] = eventTypes;
  ws.create(
    `${CORE_TEST}/${ctx.kebab}/${consumer.kebab}.test.ts`,
    `import { describe, expect, it } from 'vitest';
import { ${constant}, EVENT_SUBSCRIPTIONS, type EventEnvelope } from '../../src/index.js';
import { createTestKit } from '../../src/testing/index.js';

describe('${consumer.pascal}', () => {
  it('is subscribed, handles an event once and recognises a redelivery', async () => {
    expect(EVENT_SUBSCRIPTIONS).toContain(${constant});
    const kit = createTestKit();
    const handler = kit.handlers.find((h) => h.subscription.consumer === '${id}');
    if (!handler) throw new Error('the consumer is not among the handlers');
    const event: EventEnvelope = {
      event_id: kit.ids.next(),
      event_type: '${first ?? ''}',
      event_version: 1,
      aggregate_type: '${(first ?? '').split('.')[0] ?? ''}',
      aggregate_id: kit.ids.next(),
      occurred_at: new Date().toISOString(),
      correlation_id: 'request-1',
      causation_id: null,
      payload: {},
    };
    expect((await handler.handle(event, { attempt: 1, maxAttempts: 5 }))._unsafeUnwrap()).toBe('handled');
    expect((await handler.handle(event, { attempt: 2, maxAttempts: 5 }))._unsafeUnwrap()).toBe('duplicate');
    expect(kit.logger.entries.filter((e) => e.message === '${id} handled an event')).toHaveLength(1);
  });
});
`,
  );
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
