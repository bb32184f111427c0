/**
 * The task inbox's page of a thread, `/threads/<thread id>` (the id percent-encoded): served by
 * `apps/inbox`, linked from the emails that ask a person to act. Workflow-safe (no I/O).
 */
export function inboxThreadPath(threadId: string): string {
  return `/threads/${encodeURIComponent(threadId)}`;
}

/** {@link inboxThreadPath} under the inbox's base URL (`INBOX_BASE_URL`, which may have a path of its own). */
export function inboxThreadUrl(baseUrl: string, threadId: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${inboxThreadPath(threadId)}`;
}
