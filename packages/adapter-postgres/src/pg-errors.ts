/** The bits of a `pg` DatabaseError this adapter reads. */
interface PgError {
  readonly code?: string;
  readonly constraint?: string;
}

const UNIQUE_VIOLATION = '23505';
const FOREIGN_KEY_VIOLATION = '23503';

function asPgError(error: unknown): PgError {
  return typeof error === 'object' && error !== null ? error : {};
}

export function isUniqueViolation(error: unknown, constraint: string): boolean {
  const e = asPgError(error);
  return e.code === UNIQUE_VIOLATION && e.constraint === constraint;
}

export function isForeignKeyViolation(error: unknown, constraint: string): boolean {
  const e = asPgError(error);
  return e.code === FOREIGN_KEY_VIOLATION && e.constraint === constraint;
}
