import type { AggregateNames, Name } from '../names.js';

export function schemasFile({ one }: AggregateNames): string {
  return `import { z } from '@hono/zod-openapi';
import { ListQuery, listSchema } from './common.js';

export const ${one.pascal}Schema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
    version: z.number().int(),
  })
  .strict()
  .openapi('${one.pascal}');

export const ${one.pascal}ListSchema = listSchema(${one.pascal}Schema, '${one.pascal}');

export const Create${one.pascal}Body = z
  .object({
    name: z.string().max(1000).openapi({ description: '1 to 200 characters after trimming.', example: 'My first ${one.words}' }),
  })
  .strict()
  .openapi('Create${one.pascal}');

export const ${one.pascal}ListQuery = z.object({ ...ListQuery });
`;
}

export function routesFile({ one, many }: AggregateNames): string {
  const path = `/api/v1/${many.kebab}`;
  return `import { createRoute, z } from '@hono/zod-openapi';
import { requireUser } from '../middleware/authenticate.js';
import { BEARER, BODY_PROBLEMS, ETagHeader, IdParam, JSON_TYPE, problems } from '../schemas/common.js';
import { Create${one.pascal}Body, ${one.pascal}ListQuery, ${one.pascal}ListSchema, ${one.pascal}Schema } from '../schemas/${one.kebab}-schemas.js';

export const create${one.pascal} = createRoute({
  operationId: 'create${one.pascal}',
  method: 'post',
  path: '${path}',
  tags: ['${many.kebab}'],
  summary: 'Create a ${one.words}',
  security: BEARER,
  middleware: [requireUser] as const,
  request: { body: { required: true, content: { [JSON_TYPE]: { schema: Create${one.pascal}Body } } } },
  responses: {
    201: { description: 'The new ${one.words}.', content: { [JSON_TYPE]: { schema: ${one.pascal}Schema } } },
    ...problems(...BODY_PROBLEMS, 401, 409),
  },
});

export const list${many.pascal} = createRoute({
  operationId: 'list${many.pascal}',
  method: 'get',
  path: '${path}',
  tags: ['${many.kebab}'],
  summary: '${capitalised(many.words)}, newest first',
  security: BEARER,
  middleware: [requireUser] as const,
  request: { query: ${one.pascal}ListQuery },
  responses: {
    200: {
      description: '${capitalised(many.words)}, newest first: a keyset list (or a numbered page, deprecated).',
      content: { [JSON_TYPE]: { schema: ${one.pascal}ListSchema } },
    },
    ...problems(401, 422),
  },
});

export const get${one.pascal} = createRoute({
  operationId: 'get${one.pascal}',
  method: 'get',
  path: '${path}/{id}',
  tags: ['${many.kebab}'],
  summary: 'A ${one.words}',
  security: BEARER,
  middleware: [requireUser] as const,
  request: { params: IdParam },
  responses: {
    200: { description: 'The ${one.words}.', headers: z.object({ ETag: ETagHeader }), content: { [JSON_TYPE]: { schema: ${one.pascal}Schema } } },
    304: { description: 'Not modified since the ETag in If-None-Match.' },
    ...problems(401, 404),
  },
});
`;
}

export function handlersFile({ one, many }: AggregateNames): string {
  const json = `${one.camel}Json`;
  return `import type { RouteHandler } from '@hono/zod-openapi';
import type { ${one.pascal}View, UseCases } from '@hexabill/core';
import type { AppEnv } from '../app-env.js';
import { listingJson, listInput, listScope, type CursorCodec } from '../cursor.js';
import { etagOf, isNotModified } from '../etag.js';
import { jsonOf } from '../json-body.js';
import { domainProblem } from '../problem/problem.js';
import { requestContext } from '../request-context.js';
import { respond } from '../respond.js';
import { emptyResponse, jsonResponse } from '../response.js';
import { ${one.pascal}Schema } from '../schemas/${one.kebab}-schemas.js';
import type * as routes from './${many.kebab}.routes.js';

type Handler<R extends keyof typeof routes> = RouteHandler<(typeof routes)[R], AppEnv>;

const ${json} = jsonOf(${one.pascal}Schema);
const location = (created: ${one.pascal}View): Record<string, string> => ({ Location: \`/api/v1/${many.kebab}/\${created.id}\` });

export function ${many.camel}Handlers(
  useCases: UseCases,
  cursors: CursorCodec,
): {
  create${one.pascal}: Handler<'create${one.pascal}'>;
  list${many.pascal}: Handler<'list${many.pascal}'>;
  get${one.pascal}: Handler<'get${one.pascal}'>;
} {
  return {
    create${one.pascal}: async (c) => {
      const body = c.req.valid('json');
      const created = await useCases.create${one.pascal}.execute({ name: body.name }, requestContext(c, { body }));
      return respond(c, created, 201, ${json}, location);
    },

    list${many.pascal}: async (c) => {
      const scope = listScope(c, {});
      const parsed = listInput(cursors, scope, c.req.valid('query'));
      if ('error' in parsed) return domainProblem(c, parsed.error);
      const listed = await useCases.list${many.pascal}.execute(parsed.input, requestContext(c));
      return respond(
        c,
        listed,
        200,
        listingJson(
          (item: ${one.pascal}View) => ${json}(item),
          (id) => cursors.encode(id, scope),
        ),
      );
    },

    get${one.pascal}: async (c) => {
      const found = await useCases.get${one.pascal}.execute({ id: c.req.valid('param').id }, requestContext(c));
      if (found.isErr()) return domainProblem(c, found.error);
      const item = found.value;
      if (isNotModified(c.req.header('if-none-match'), item.version)) return emptyResponse(c, 304, { ETag: etagOf(item.version) });
      return jsonResponse(c, ${json}(item), 200, { ETag: etagOf(item.version) });
    },
  };
}
`;
}

export function httpTestFile({ one, many }: AggregateNames): string {
  const path = `/api/v1/${many.kebab}`;
  return `import { beforeEach, describe, expect, it } from 'vitest';
import { ${one.pascal}ListSchema, ${one.pascal}Schema } from '../src/schemas/${one.kebab}-schemas.js';
import { expectBody, expectProblem, harness, type Harness } from './harness.js';

let h: Harness;
beforeEach(() => {
  h = harness();
});

describe('${path}', () => {
  it('creates, reads and lists ${many.words}', async () => {
    const user = await h.userWithToken();
    const res = await h.call('POST', '${path}', { token: user.token, body: { name: 'First' } });
    const created = await expectBody(res, 201, ${one.pascal}Schema);
    expect(created).toMatchObject({ name: 'First', version: 1 });
    expect(res.headers.get('location')).toBe(\`${path}/\${created.id}\`);

    const read = await h.call('GET', \`${path}/\${created.id}\`, { token: user.token });
    expect(await expectBody(read, 200, ${one.pascal}Schema)).toEqual(created);
    expect(read.headers.get('etag')).toBe('"1"');
    const again = await h.call('GET', \`${path}/\${created.id}\`, { token: user.token, headers: { 'if-none-match': '"1"' } });
    expect(again.status).toBe(304);

    const listed = await expectBody(await h.call('GET', '${path}?limit=10', { token: user.token }), 200, ${one.pascal}ListSchema);
    expect(listed.items.map((i) => i.id)).toEqual([created.id]);
  });

  it('answers bad input, strangers and unknown ids with problem+json', async () => {
    const user = await h.userWithToken();
    await expectProblem(await h.call('POST', '${path}', { body: { name: 'x' } }), 401);
    const blank = await expectProblem(await h.call('POST', '${path}', { token: user.token, body: { name: ' ' } }), 422);
    expect(blank.errors?.map((e) => e.path)).toEqual(['name']);
    await expectProblem(await h.call('POST', '${path}', { token: user.token, body: { name: 'x', extra: 1 } }), 422);
    await expectProblem(await h.call('GET', \`${path}/\${h.kit.ids.next()}\`, { token: user.token }), 404, '${one.constant}_NOT_FOUND');
    await expectProblem(await h.call('GET', '${path}?limit=0', { token: user.token }), 422);
  });
});
`;
}

export function routeChain(ctx: Name, { one, many }: AggregateNames): { imports: string[]; handlers: string; chain: string[] } {
  return {
    imports: [
      `import { ${many.camel}Handlers } from './${ctx.kebab}/${many.kebab}.handlers.js';`,
      `import * as ${one.camel}Routes from './${ctx.kebab}/${many.kebab}.routes.js';`,
    ],
    handlers: `const ${many.camel} = ${many.camel}Handlers(useCases, cursors);`,
    chain: [
      `.openapi(${one.camel}Routes.create${one.pascal}, ${many.camel}.create${one.pascal})`,
      `.openapi(${one.camel}Routes.list${many.pascal}, ${many.camel}.list${many.pascal})`,
      `.openapi(${one.camel}Routes.get${one.pascal}, ${many.camel}.get${one.pascal})`,
    ],
  };
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
