import { err, ok, type Result } from './result.js';
import { KernelErrors, type ValidationFailed, type ValidationIssue } from './errors.js';

/** A field check: the parsed value, or the message saying what is wrong with it. */
export type FieldResult<T> = Result<T, string>;

type Parsed<T extends Record<string, FieldResult<unknown>>> = {
  [K in keyof T]: T[K] extends Result<infer V, string> ? V : never;
};

/**
 * Checks every field and reports every invalid one at once, so a client can fix a form in one go.
 * Keys become the issue paths.
 */
export function validateFields<T extends Record<string, FieldResult<unknown>>>(fields: T): Result<Parsed<T>, ValidationFailed> {
  const issues: ValidationIssue[] = [];
  const values: Record<string, unknown> = {};
  for (const [path, result] of Object.entries(fields)) {
    if (result.isOk()) values[path] = result.value;
    else issues.push({ path, message: result.error });
  }
  return issues.length > 0 ? err(KernelErrors.validation(issues)) : ok(values as Parsed<T>);
}

/** A field the caller may leave out: `undefined` passes through unchecked. */
export function optionalField<I, T>(value: I | undefined, parse: (value: I) => FieldResult<T>): FieldResult<T | undefined> {
  return value === undefined ? ok(undefined) : parse(value);
}
