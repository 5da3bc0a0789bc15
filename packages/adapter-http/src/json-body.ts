import type { z } from '@hono/zod-openapi';

type CamelCase<S extends string> = S extends `${infer Head}_${infer Tail}` ? `${Head}${Capitalize<CamelCase<Tail>>}` : S;

/** The use-case view a JSON body is made from: the same fields in camelCase, timestamps as `Date`s. */
export type ViewOf<J> = {
  readonly [K in keyof J as K extends string ? CamelCase<K> : never]: J[K] extends string | null ? J[K] | Date : J[K];
};

const camelCase = (key: string): string => key.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());

/**
 * Renders views as a response schema's JSON: exactly the schema's fields (nothing else can leak),
 * each read from its camelCase twin in the view, `Date`s as ISO-8601. The JSON type is inferred
 * from the schema, so a field added to the schema and the view needs no code here.
 */
export function jsonOf<S extends z.ZodObject>(schema: S): (view: ViewOf<z.infer<S>>) => z.infer<S> {
  const fields = Object.keys(schema.shape).map((key) => [key, camelCase(key)] as const);
  return (view) => {
    const source = view as Record<string, unknown>;
    const body: Record<string, unknown> = {};
    for (const [key, property] of fields) {
      const value = source[property];
      body[key] = value instanceof Date ? value.toISOString() : value;
    }
    return body as z.infer<S>;
  };
}
