/** The PostgreSQL adapter is built in its own issue; this package builds so the workspace is whole. */
export const ADAPTER = 'postgres' as const;
