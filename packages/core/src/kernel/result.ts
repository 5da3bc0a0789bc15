export { ok, err, okAsync, errAsync, Result, ResultAsync } from 'neverthrow';
export type { Ok, Err } from 'neverthrow';
