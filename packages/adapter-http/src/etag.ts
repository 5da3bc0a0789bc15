/** Strong entity tags from aggregate versions: `"3"`. */
export function etagOf(version: number): string {
  return `"${version}"`;
}

/**
 * The version an `If-Match` header asks for: `undefined` when absent or `*` (no precondition),
 * `null` when it can match no version we ever issue (a weak or malformed tag), so the update fails
 * with 412 rather than going ahead unguarded.
 */
export function versionFromIfMatch(header: string | undefined): number | null | undefined {
  if (header === undefined || header.trim() === '*') return undefined;
  const first = header.split(',')[0]?.trim() ?? '';
  const match = /^"(\d{1,9})"$/.exec(first);
  return match?.[1] ? Number(match[1]) : null;
}

/** Whether `If-None-Match` already names this version (weak comparison, as RFC 9110 asks for GET). */
export function isNotModified(header: string | undefined, version: number): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etagOf(version));
}
