/** The composition root is built in its own issue; this package builds so the workspace is whole. */
export const APP = 'hexabill' as const;
