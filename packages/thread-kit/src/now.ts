/** Workflow time as ISO 8601: deterministic on replay (the sandbox's clock is the workflow task's time). */
export const nowIso = (): string => new Date().toISOString();
