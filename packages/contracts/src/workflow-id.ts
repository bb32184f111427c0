const PREFIX = 'email-thread:';

/**
 * The workflow id of a thread: one execution chain per thread, so signal-with-start
 * on the same thread id always reaches the same workflow.
 * @example threadWorkflowId('<CAF1x@mail.example.com>') // 'email-thread:<CAF1x@mail.example.com>'
 */
export function threadWorkflowId(threadId: string): string {
  const trimmed = threadId.trim();
  if (!trimmed) throw new TypeError('threadId must not be empty');
  return `${PREFIX}${trimmed}`;
}

/** The thread id of a thread workflow id, or `undefined` for any other workflow id. */
export function threadIdFromWorkflowId(workflowId: string): string | undefined {
  return workflowId.startsWith(PREFIX) ? workflowId.slice(PREFIX.length) : undefined;
}
