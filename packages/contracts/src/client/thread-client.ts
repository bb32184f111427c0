import type { Client, WorkflowExecutionStatusName } from '@temporalio/client';
import type { CompleteThreadRequest, EmailMessage, ThreadState, ThreadSummary } from '@org/orchestrator-contracts';
import {
  DEFAULT_TASK_QUEUE,
  PAYLOAD_LIMITS,
  PayloadTooLargeError,
  WORKFLOW_TYPES,
  completeThreadSignal,
  isHashedThreadWorkflowId,
  newMessageSignal,
  parseEmailMessage,
  serializedPayloadBytes,
  threadIdFromWorkflowId,
  threadStateQuery,
  threadWorkflowId,
  validateCompleteThreadRequest,
  InvalidPayloadError,
} from '@org/orchestrator-contracts';

/** The part of a Temporal `Client` the helpers use. */
export type ThreadClient = Pick<Client, 'workflow'>;

export interface DeliverOptions {
  /** Task queue of the workers; defaults to {@link DEFAULT_TASK_QUEUE}. */
  taskQueue?: string;
  /**
   * Largest serialized message (UTF-8 JSON bytes) to send; a larger one is refused with
   * {@link PayloadTooLargeError} before anything is sent. The ingress passes
   * `PAYLOAD_LIMITS.signalBudgetBytes` after fitting the message into it.
   * @default PAYLOAD_LIMITS.maxPayloadBytes (1.5 MiB, under Temporal's 2 MiB blob limit)
   */
  maxPayloadBytes?: number;
}

/** Proof that Temporal durably accepted a message: signal-with-start returned. */
export interface DeliveryReceipt {
  threadId: string;
  messageId: string;
  workflowId: string;
  /** The run that received the signal. */
  runId: string;
}

/**
 * Validates an email and signals it into its thread's workflow, starting the workflow if the
 * thread is new (signal-with-start). When this resolves, Temporal has durably accepted it.
 * A thread whose workflow id is hashed ({@link threadWorkflowId}) is started with its thread id
 * in the memo (`threadId`), so listings can show it.
 * @throws {InvalidPayloadError} before anything is sent, naming every invalid field.
 * @throws {PayloadTooLargeError} (an `InvalidPayloadError`) before anything is sent, when the
 *   serialized message exceeds `options.maxPayloadBytes`.
 * @example
 * const receipt = await deliverEmail(client, { messageId, threadId, from, to, subject, text, receivedAt });
 */
export async function deliverEmail(client: ThreadClient, input: unknown, options: DeliverOptions = {}): Promise<DeliveryReceipt> {
  const message: EmailMessage = parseEmailMessage(input);
  const maxBytes = options.maxPayloadBytes ?? PAYLOAD_LIMITS.maxPayloadBytes;
  const bytes = serializedPayloadBytes(message);
  if (bytes > maxBytes) throw new PayloadTooLargeError('email message', bytes, maxBytes);
  const workflowId = threadWorkflowId(message.threadId);
  const handle = await client.workflow.signalWithStart(WORKFLOW_TYPES.emailThread, {
    workflowId,
    ...(isHashedThreadWorkflowId(workflowId) ? { memo: { threadId: message.threadId } } : {}),
    taskQueue: options.taskQueue ?? DEFAULT_TASK_QUEUE,
    args: [{ threadId: message.threadId }],
    signal: newMessageSignal,
    signalArgs: [message],
  });
  return { threadId: message.threadId, messageId: message.messageId, workflowId, runId: handle.signaledRunId };
}

/**
 * Asks a thread to finish the work in hand and complete.
 * @throws {InvalidPayloadError} for an invalid request.
 */
export async function completeThread(client: ThreadClient, threadId: string, request: CompleteThreadRequest = {}): Promise<void> {
  const result = validateCompleteThreadRequest(request);
  if (!result.ok) throw new InvalidPayloadError('complete-thread request', result.issues);
  await client.workflow.getHandle(threadWorkflowId(threadId)).signal(completeThreadSignal, result.value);
}

/** The current state of a thread (its latest run). */
export async function getThreadState(client: ThreadClient, threadId: string): Promise<ThreadState> {
  return client.workflow.getHandle(threadWorkflowId(threadId)).query(threadStateQuery);
}

/** Waits for a thread to complete and returns its summary (follows continue-as-new). */
export async function waitForThreadSummary(client: ThreadClient, threadId: string): Promise<ThreadSummary> {
  return client.workflow.getHandle(threadWorkflowId(threadId)).result();
}

export interface ThreadListing {
  /**
   * The thread id; for a hashed workflow id without a memo, its key `sha256:<hex>`, which
   * {@link getThreadState} and the other helpers accept as well (it maps to the same workflow id).
   */
  threadId: string;
  workflowId: string;
  runId: string;
  status: WorkflowExecutionStatusName;
  startTime: Date;
  closeTime?: Date;
}

/**
 * Lists thread workflows, newest first. `query` narrows with Temporal's list-filter syntax,
 * e.g. `ExecutionStatus = 'Running'`.
 */
export async function* listThreads(client: ThreadClient, options: { query?: string; limit?: number } = {}): AsyncGenerator<ThreadListing> {
  const base = `WorkflowType = '${WORKFLOW_TYPES.emailThread}'`;
  const query = options.query ? `${base} AND (${options.query})` : base;
  let count = 0;
  for await (const execution of client.workflow.list({ query })) {
    if (options.limit !== undefined && count >= options.limit) return;
    const threadId = listedThreadId(execution.workflowId, execution.memo);
    if (threadId === undefined) continue;
    count += 1;
    yield {
      threadId,
      workflowId: execution.workflowId,
      runId: execution.runId,
      status: execution.status.name,
      startTime: execution.startTime,
      closeTime: execution.closeTime,
    };
  }
}

/** The readable thread id of a listed workflow: its memo's `threadId` when it maps back to the workflow id. */
function listedThreadId(workflowId: string, memo: Record<string, unknown> | undefined): string | undefined {
  const remembered = memo?.['threadId'];
  if (typeof remembered === 'string' && remembered.trim() && threadWorkflowId(remembered) === workflowId) return remembered;
  if (isHashedThreadWorkflowId(workflowId)) return workflowId.slice(workflowId.indexOf(':') + 1);
  return threadIdFromWorkflowId(workflowId);
}
