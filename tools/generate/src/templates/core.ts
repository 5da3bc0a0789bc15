import type { AggregateNames, Name } from '../names.js';

/** The article a builder's name takes: `anOrder`, `aPurchase`. */
export function builderName(one: Name): string {
  return `${/^[aeiou]/.test(one.kebab) ? 'an' : 'a'}${one.pascal}`;
}

export function aggregateFile({ one }: AggregateNames): string {
  const E = `${one.constant}_EVENTS`;
  return `import { AggregateRoot } from '../kernel/aggregate-root.js';
import { err, ok, type Result } from '../kernel/result.js';
import { ${E} } from './${one.kebab}-events.js';

export const ${one.constant}_NAME_MAX_LENGTH = 200;

/** A name: trimmed, 1 to 200 characters. */
export function parse${one.pascal}Name(input: string): Result<string, string> {
  const name = input.trim();
  return name.length >= 1 && name.length <= ${one.constant}_NAME_MAX_LENGTH
    ? ok(name)
    : err(\`must be 1 to \${String(${one.constant}_NAME_MAX_LENGTH)} characters\`);
}

export interface ${one.pascal}Snapshot {
  readonly id: string;
  readonly name: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly version: number;
}

/** What a ${one.words} looks like to callers. */
export type ${one.pascal}View = ${one.pascal}Snapshot;

type ${one.pascal}State = Omit<${one.pascal}Snapshot, 'version'>;

/** A ${one.words}: add its fields to the snapshot, its rules as methods that raise events. */
export class ${one.pascal} extends AggregateRoot<typeof ${E}> {
  private constructor(
    private state: ${one.pascal}State,
    version: number,
  ) {
    super(${E}, version);
  }

  static create(props: { id: string; name: string; now: Date }): ${one.pascal} {
    const created = new ${one.pascal}({ id: props.id, name: props.name, createdAt: props.now, updatedAt: props.now }, 1);
    created.raise('${one.snake}.created', { ${one.snake}_id: props.id, name: props.name });
    return created;
  }

  static restore(snapshot: ${one.pascal}Snapshot): ${one.pascal} {
    const { version, ...state } = snapshot;
    return new ${one.pascal}(state, version);
  }

  get id(): string {
    return this.state.id;
  }
  get name(): string {
    return this.state.name;
  }

  rename(name: string, now: Date): void {
    if (name === this.state.name) return;
    this.state = { ...this.state, name, updatedAt: now };
    this.raise('${one.snake}.renamed', { ${one.snake}_id: this.id, name });
  }

  toSnapshot(): ${one.pascal}Snapshot {
    return { ...this.state, version: this.version };
  }

  toView(): ${one.pascal}View {
    return this.toSnapshot();
  }
}
`;
}

export function eventsFile({ one }: AggregateNames): string {
  const E = `${one.constant}_EVENTS`;
  return `import { defineEvents, Fields, type EnvelopeOfGroup, type RecordedEventOf } from '../kernel/event-declaration.js';

/** Every event of the ${one.words} aggregate, declared once. */
export const ${E} = defineEvents('${one.snake}', {
  '${one.snake}.created': { version: 1, payload: { ${one.snake}_id: Fields.id, name: Fields.text } },
  '${one.snake}.renamed': { version: 1, payload: { ${one.snake}_id: Fields.id, name: Fields.text } },
  // hexabill-generate: ${one.kebab} events
});

export type ${one.pascal}Event = RecordedEventOf<typeof ${E}>;
export type ${one.pascal}Envelope<T extends ${one.pascal}Event['event_type'] = ${one.pascal}Event['event_type']> = Extract<
  EnvelopeOfGroup<typeof ${E}>,
  { event_type: T }
>;
`;
}

export function errorsFile({ one }: AggregateNames): string {
  return `import type { Failure } from '../kernel/errors.js';

export const ${one.pascal}Errors = {
  notFound: (id: string): Failure<'${one.constant}_NOT_FOUND'> => ({ code: '${one.constant}_NOT_FOUND', message: \`${capitalised(one.words)} \${id} was not found.\` }),
  // hexabill-generate: ${one.kebab} errors
} as const;

export type ${one.pascal}NotFound = ReturnType<typeof ${one.pascal}Errors.notFound>;
/** Every error of the ${one.words} aggregate. */
export type ${one.pascal}Error = ReturnType<(typeof ${one.pascal}Errors)[keyof typeof ${one.pascal}Errors]>;
`;
}

export function repositoryFile({ one }: AggregateNames): string {
  return `import type { ConcurrencyConflict } from '../kernel/errors.js';
import type { Page, PageRequest, Slice, SliceRequest } from '../kernel/paging.js';
import type { Result } from '../kernel/result.js';
import type { ${one.pascal} } from './${one.kebab}.js';

/** Port: reading ${one.words}s, in or outside a transaction. Lists are newest first (ids are UUIDv7). */
export interface ${one.pascal}Reads {
  findById(id: string): Promise<${one.pascal} | null>;
  /** A numbered page, with the total. */
  page(request: PageRequest): Promise<Page<${one.pascal}>>;
  /** A keyset slice (see \`sliceOf\`). */
  slice(request: SliceRequest): Promise<Slice<${one.pascal}>>;
  count(): Promise<number>;
}

/** Port: ${one.words}s, bound to one transaction. */
export interface ${one.pascal}Repository extends ${one.pascal}Reads {
  add(${one.camel}: ${one.pascal}): Promise<void>;
  /** Writes only if the stored version is still \`${one.camel}.version\`. */
  save(${one.camel}: ${one.pascal}): Promise<Result<void, ConcurrencyConflict>>;
}
`;
}

export function transactionFile(ctx: Name): string {
  return `import type { UnitOfWork } from '../kernel/unit-of-work.js';
// hexabill-generate: ${ctx.kebab} imports

/** The part of a transaction the ${ctx.words} context works with. */
export interface ${ctx.pascal}Transaction {
  // hexabill-generate: ${ctx.kebab} transaction
}

export interface ${ctx.pascal}Reads {
  // hexabill-generate: ${ctx.kebab} reads
}

export type ${ctx.pascal}UnitOfWork = UnitOfWork<${ctx.pascal}Transaction, ${ctx.pascal}Reads>;
`;
}

export function contextIndexFile(ctx: Name): string {
  return `export type * from './${ctx.kebab}-transaction.js';
// hexabill-generate: ${ctx.kebab} exports
`;
}

export function aggregateExports({ one, many }: AggregateNames): string[] {
  return [
    `export * from './${one.kebab}.js';`,
    `export * from './${one.kebab}-events.js';`,
    `export * from './${one.kebab}-errors.js';`,
    `export type * from './${one.kebab}-repository.js';`,
    `export * from './create-${one.kebab}.js';`,
    `export * from './get-${one.kebab}.js';`,
    `export * from './list-${many.kebab}.js';`,
  ];
}

export function createUseCaseFile(ctx: Name, { one, many }: AggregateNames): string {
  return `import { AccessPolicy } from '../kernel/access-policy.js';
import type { Clock } from '../kernel/clock.js';
import type { IdempotencyError, Unauthenticated, ValidationFailed } from '../kernel/errors.js';
import type { IdGenerator } from '../kernel/ids.js';
import type { RequestContext } from '../kernel/request-context.js';
import { err, ok, type Result } from '../kernel/result.js';
import { validateFields } from '../kernel/validation.js';
import type { ${ctx.pascal}UnitOfWork } from './${ctx.kebab}-transaction.js';
import { ${one.pascal}, parse${one.pascal}Name, type ${one.pascal}View } from './${one.kebab}.js';

export interface Create${one.pascal}Input {
  readonly name: string;
}

export type Create${one.pascal}Error = Unauthenticated | ValidationFailed | IdempotencyError;

/** Any signed-in user creates a ${one.words}: \`${one.snake}.created\` goes out with it. */
export class Create${one.pascal} {
  constructor(private readonly deps: { readonly uow: ${ctx.pascal}UnitOfWork; readonly ids: IdGenerator; readonly clock: Clock }) {}

  async execute(input: Create${one.pascal}Input, ctx: RequestContext): Promise<Result<${one.pascal}View, Create${one.pascal}Error>> {
    const actor = AccessPolicy.requireAuthenticated(ctx.principal);
    if (actor.isErr()) return err(actor.error);

    const fields = validateFields({ name: parse${one.pascal}Name(input.name) });
    if (fields.isErr()) return err(fields.error);

    const created = ${one.pascal}.create({ id: this.deps.ids.next(), name: fields.value.name, now: this.deps.clock.now() });
    return this.deps.uow.transaction(async (tx) => {
      await tx.${many.camel}.add(created);
      return ok(created.toView());
    }, ctx);
  }
}
`;
}

export function getUseCaseFile(ctx: Name, { one, many }: AggregateNames): string {
  return `import { AccessPolicy } from '../kernel/access-policy.js';
import type { Unauthenticated } from '../kernel/errors.js';
import { isUuid } from '../kernel/ids.js';
import type { RequestContext } from '../kernel/request-context.js';
import { err, ok, type Result } from '../kernel/result.js';
import type { UnitOfWork } from '../kernel/unit-of-work.js';
import type { ${ctx.pascal}Reads } from './${ctx.kebab}-transaction.js';
import { ${one.pascal}Errors, type ${one.pascal}NotFound } from './${one.kebab}-errors.js';
import type { ${one.pascal}View } from './${one.kebab}.js';

/** Any signed-in user reads a ${one.words}. */
export class Get${one.pascal} {
  constructor(private readonly deps: { readonly uow: UnitOfWork<unknown, ${ctx.pascal}Reads> }) {}

  async execute(input: { readonly id: string }, ctx: RequestContext): Promise<Result<${one.pascal}View, Unauthenticated | ${one.pascal}NotFound>> {
    const actor = AccessPolicy.requireAuthenticated(ctx.principal);
    if (actor.isErr()) return err(actor.error);
    if (!isUuid(input.id)) return err(${one.pascal}Errors.notFound(input.id));

    const found = await this.deps.uow.read((repos) => repos.${many.camel}.findById(input.id));
    return found ? ok(found.toView()) : err(${one.pascal}Errors.notFound(input.id));
  }
}
`;
}

export function listUseCaseFile(ctx: Name, { one, many }: AggregateNames): string {
  return `import { AccessPolicy } from '../kernel/access-policy.js';
import type { Unauthenticated, ValidationFailed } from '../kernel/errors.js';
import { listFrom, parseListRequest, type ListInput, type Listing } from '../kernel/paging.js';
import type { RequestContext } from '../kernel/request-context.js';
import { err, ok, type Result } from '../kernel/result.js';
import type { UnitOfWork } from '../kernel/unit-of-work.js';
import type { ${ctx.pascal}Reads } from './${ctx.kebab}-transaction.js';
import type { ${one.pascal}View } from './${one.kebab}.js';

/** Any signed-in user lists ${one.words}s, newest first. */
export class List${many.pascal} {
  constructor(private readonly deps: { readonly uow: UnitOfWork<unknown, ${ctx.pascal}Reads> }) {}

  async execute(input: ListInput, ctx: RequestContext): Promise<Result<Listing<${one.pascal}View>, Unauthenticated | ValidationFailed>> {
    const actor = AccessPolicy.requireAuthenticated(ctx.principal);
    if (actor.isErr()) return err(actor.error);
    const request = parseListRequest(input);
    if (request.isErr()) return err(request.error);

    return ok(
      await this.deps.uow.read(({ ${many.camel} }) =>
        listFrom(
          { page: (r) => ${many.camel}.page(r), slice: (r) => ${many.camel}.slice(r), count: () => ${many.camel}.count() },
          request.value,
          (found) => found.toView(),
        ),
      ),
    );
  }
}
`;
}

export function inMemoryRepositoryFile(ctx: Name, { one, many }: AggregateNames): string {
  return `import { ${one.pascal} } from '../${ctx.kebab}/${one.kebab}.js';
import type { ${one.pascal}Repository } from '../${ctx.kebab}/${one.kebab}-repository.js';
import { KernelErrors, type ConcurrencyConflict } from '../kernel/errors.js';
import type { Page, PageRequest, Slice, SliceRequest } from '../kernel/paging.js';
import { err, ok, type Result } from '../kernel/result.js';
import type { Tables } from './in-memory-database.js';
import { pageOfRows, sliceOfRows } from './newest-first.js';

export class InMemory${one.pascal}Repository implements ${one.pascal}Repository {
  constructor(private readonly tables: Tables) {}

  findById(id: string): Promise<${one.pascal} | null> {
    const snapshot = this.tables.${many.camel}.get(id);
    return Promise.resolve(snapshot ? ${one.pascal}.restore(snapshot) : null);
  }

  add(${one.camel}: ${one.pascal}): Promise<void> {
    if (this.tables.${many.camel}.has(${one.camel}.id)) return Promise.reject(new Error(\`${one.words} \${${one.camel}.id} already exists\`));
    this.tables.${many.camel}.set(${one.camel}.id, ${one.camel}.toSnapshot());
    return Promise.resolve();
  }

  save(${one.camel}: ${one.pascal}): Promise<Result<void, ConcurrencyConflict>> {
    if (this.tables.${many.camel}.get(${one.camel}.id)?.version !== ${one.camel}.version) {
      return Promise.resolve(err(KernelErrors.concurrencyConflict('${one.pascal}', ${one.camel}.id)));
    }
    ${one.camel}.markSaved();
    this.tables.${many.camel}.set(${one.camel}.id, ${one.camel}.toSnapshot());
    return Promise.resolve(ok(undefined));
  }

  page(request: PageRequest): Promise<Page<${one.pascal}>> {
    const page = pageOfRows(this.tables.${many.camel}.values(), request);
    return Promise.resolve({ ...page, items: page.items.map((s) => ${one.pascal}.restore(s)) });
  }

  slice(request: SliceRequest): Promise<Slice<${one.pascal}>> {
    const slice = sliceOfRows(this.tables.${many.camel}.values(), request);
    return Promise.resolve({ ...slice, items: slice.items.map((s) => ${one.pascal}.restore(s)) });
  }

  count(): Promise<number> {
    return Promise.resolve(this.tables.${many.camel}.size);
  }
}
`;
}

export function builderFunction(ctx: Name, { one }: AggregateNames): { imports: string[]; body: string } {
  return {
    imports: [`import { ${one.pascal}, type ${one.pascal}Snapshot } from '../${ctx.kebab}/${one.kebab}.js';`],
    body: `
/** A stored ${one.words} (no pending events); defaults come from \`${one.pascal}.create\`. */
export function ${builderName(one)}(overrides: Partial<${one.pascal}Snapshot> = {}): ${one.pascal} {
  const created = ${one.pascal}.create({ id: overrides.id ?? nextId(), name: overrides.name ?? 'A ${one.words}', now: EPOCH });
  return ${one.pascal}.restore({ ...created.toSnapshot(), ...overrides });
}`,
  };
}

export function contractFile(ctx: Name, { one, many }: AggregateNames): string {
  const build = builderName(one);
  return `import { describe, expect, it } from 'vitest';
import type { ${one.pascal} } from '../../${ctx.kebab}/${one.kebab}.js';
import { err } from '../../kernel/result.js';
import { ${build} } from '../builders.js';
import { useFixture, within, type MakePersistenceFixture } from './persistence-fixture.js';

/** What every \`${one.pascal}Repository\` must do (reached through its unit of work). */
export function ${one.camel}RepositoryContract(name: string, make: MakePersistenceFixture): void {
  describe(\`${one.pascal}Repository contract: \${name}\`, () => {
    const f = useFixture(make);

    async function store(...items: ${one.pascal}[]): Promise<void> {
      await within(f().uow, async (tx) => {
        for (const item of items) await tx.${many.camel}.add(item);
      });
    }

    it('stores a ${one.words} and reads it back, in and outside a transaction', async () => {
      const stored = ${build}({ name: 'First' });
      await store(stored);
      expect((await within(f().uow, (tx) => tx.${many.camel}.findById(stored.id)))?.toSnapshot()).toEqual(stored.toSnapshot());
      expect((await f().uow.read((repos) => repos.${many.camel}.findById(stored.id)))?.toSnapshot()).toEqual(stored.toSnapshot());
      expect(await f().uow.read((repos) => repos.${many.camel}.findById(${build}().id))).toBeNull();
    });

    it('puts the events of a ${one.words} it adds in the outbox, in the same transaction', async () => {
      const created = ${build}();
      const fresh = created.toSnapshot();
      await store(created);
      expect(await f().outboxEnvelopes()).toEqual([]);
      const found = await f().uow.read((repos) => repos.${many.camel}.findById(fresh.id));
      found?.rename('Renamed', new Date());
      if (!found) throw new Error('expected the stored ${one.words}');
      await within(f().uow, async (tx) => (await tx.${many.camel}.save(found)).isOk());
      expect((await f().outboxEnvelopes()).map((e) => [e.event_type, e.aggregate_id])).toEqual([['${one.snake}.renamed', fresh.id]]);
    });

    it('saves with optimistic concurrency: the second of two writers from one version is refused', async () => {
      const stored = ${build}();
      await store(stored);
      const a = await f().uow.read((repos) => repos.${many.camel}.findById(stored.id));
      const b = await f().uow.read((repos) => repos.${many.camel}.findById(stored.id));
      if (!a || !b) throw new Error('expected the stored ${one.words}');
      a.rename('Alpha', new Date());
      b.rename('Beta', new Date());
      expect((await f().uow.transaction((tx) => tx.${many.camel}.save(a))).isOk()).toBe(true);
      expect((await f().uow.transaction((tx) => tx.${many.camel}.save(b)))._unsafeUnwrapErr().code).toBe('CONCURRENCY_CONFLICT');
      expect((await f().uow.read((repos) => repos.${many.camel}.findById(stored.id)))?.toSnapshot()).toMatchObject({ name: 'Alpha', version: 2 });
    });

    it('rolls back an add when the transaction fails', async () => {
      const lost = ${build}();
      const failed = await f().uow.transaction(async (tx) => {
        await tx.${many.camel}.add(lost);
        return err('rolled back');
      });
      expect(failed.isErr()).toBe(true);
      expect(await f().uow.read((repos) => repos.${many.camel}.findById(lost.id))).toBeNull();
    });

    it('lists newest first: numbered pages with a total, keyset slices both ways, and a count', async () => {
      const items = [0, 1, 2, 3, 4].map((i) => ${build}({ name: \`Item \${String(i)}\` }));
      await store(...items);
      const [i0, i1, i2, i3, i4] = items.map((i) => i.id);
      const ids = (found: { items: readonly ${one.pascal}[] }): string[] => found.items.map((i) => i.id);
      const page = await f().uow.read((repos) => repos.${many.camel}.page({ page: 2, pageSize: 2 }));
      expect([ids(page), page.total, page.totalPages]).toEqual([[i2, i1], 5, 3]);
      const newest = await f().uow.read((repos) => repos.${many.camel}.slice({ limit: 2 }));
      expect([ids(newest), newest.hasMore]).toEqual([[i4, i3], true]);
      const older = await f().uow.read((repos) => repos.${many.camel}.slice({ limit: 2, after: i1 }));
      expect([ids(older), older.hasMore]).toEqual([[i0], false]);
      const newer = await f().uow.read((repos) => repos.${many.camel}.slice({ limit: 2, before: i1 }));
      expect([ids(newer), newer.hasMore]).toEqual([[i3, i2], true]);
      expect(await f().uow.read((repos) => repos.${many.camel}.count())).toBe(5);
    });
  });
}
`;
}

export function useCaseTestFile(_ctx: Name, { one, many }: AggregateNames): string {
  return `import { beforeEach, describe, expect, it } from 'vitest';
import { Principals, type RequestContext } from '../../src/index.js';
import { aUser, createTestKit, type TestKit } from '../../src/testing/index.js';

const user = aUser();
const signedIn: RequestContext = { principal: Principals.user(user.id, 'user'), correlationId: 'request-1' };
const anonymous: RequestContext = { principal: Principals.anonymous() };

let kit: TestKit;
beforeEach(async () => {
  kit = createTestKit();
  await kit.seed(user);
});

describe('Create${one.pascal}', () => {
  it('creates a ${one.words} and puts ${one.snake}.created in the outbox with the request id', async () => {
    const created = (await kit.create${one.pascal}.execute({ name: '  First  ' }, signedIn))._unsafeUnwrap();
    expect(created).toMatchObject({ name: 'First', version: 1 });
    expect(kit.outbox.envelopes).toMatchObject([
      { event_type: '${one.snake}.created', aggregate_id: created.id, correlation_id: 'request-1', payload: { ${one.snake}_id: created.id, name: 'First' } },
    ]);
  });

  it('refuses an empty or too long name, naming the field, and writes nothing', async () => {
    for (const name of ['   ', 'x'.repeat(201)]) {
      const error = (await kit.create${one.pascal}.execute({ name }, signedIn))._unsafeUnwrapErr();
      expect(error.code === 'VALIDATION_FAILED' && error.issues.map((i) => i.path)).toEqual(['name']);
    }
    expect(kit.outbox.envelopes).toEqual([]);
  });

  it('refuses an anonymous caller', async () => {
    expect((await kit.create${one.pascal}.execute({ name: 'x' }, anonymous))._unsafeUnwrapErr().code).toBe('UNAUTHENTICATED');
  });
});

describe('Get${one.pascal} and List${many.pascal}', () => {
  it('reads a ${one.words} by id and lists newest first', async () => {
    const first = (await kit.create${one.pascal}.execute({ name: 'First' }, signedIn))._unsafeUnwrap();
    const second = (await kit.create${one.pascal}.execute({ name: 'Second' }, signedIn))._unsafeUnwrap();
    expect((await kit.get${one.pascal}.execute({ id: first.id }, signedIn))._unsafeUnwrap()).toEqual(first);
    const listed = (await kit.list${many.pascal}.execute({ limit: 10 }, signedIn))._unsafeUnwrap();
    expect(listed.items.map((i) => i.id)).toEqual([second.id, first.id]);
  });

  it('answers an unknown or malformed id as ${one.constant}_NOT_FOUND, and an anonymous caller as UNAUTHENTICATED', async () => {
    expect((await kit.get${one.pascal}.execute({ id: 'nope' }, signedIn))._unsafeUnwrapErr().code).toBe('${one.constant}_NOT_FOUND');
    expect((await kit.get${one.pascal}.execute({ id: kit.ids.next() }, signedIn))._unsafeUnwrapErr().code).toBe('${one.constant}_NOT_FOUND');
    expect((await kit.list${many.pascal}.execute({}, anonymous))._unsafeUnwrapErr().code).toBe('UNAUTHENTICATED');
  });
});

describe('the ${one.words} events consumer', () => {
  it('receives ${one.snake}.created through the message flow, and a redelivery is a duplicate', async () => {
    await kit.create${one.pascal}.execute({ name: 'First' }, signedIn);
    await kit.drain();
    const logged = () => kit.logger.entries.filter((e) => e.message === 'event ${one.snake}.created');
    expect(logged()).toHaveLength(1);

    const consumer = kit.handlers.find((h) => h.subscription.consumer === 'audit.${one.kebab}-events');
    const [event] = kit.outbox.envelopes;
    if (!consumer || !event) throw new Error('expected the consumer and the event');
    expect((await consumer.handle(event, { attempt: 2, maxAttempts: 5 }))._unsafeUnwrap()).toBe('duplicate');
    expect(logged()).toHaveLength(1);
  });
});
`;
}

export function contractTestFile(_ctx: Name, { one }: AggregateNames): string {
  return `import { ${one.camel}RepositoryContract } from '../../src/testing/contracts/index.js';
import { InMemoryDatabase, InMemoryIdempotencyKeySweeper, InMemoryOutboxStore, InMemoryUnitOfWork } from '../../src/testing/index.js';

${one.camel}RepositoryContract('in-memory', () => {
  const outbox = new InMemoryOutboxStore();
  const database = new InMemoryDatabase();
  return Promise.resolve({
    uow: new InMemoryUnitOfWork(database, outbox),
    outbox,
    idempotencyKeySweeper: new InMemoryIdempotencyKeySweeper(database),
    outboxEnvelopes: () => Promise.resolve(outbox.envelopes),
  });
});
`;
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
