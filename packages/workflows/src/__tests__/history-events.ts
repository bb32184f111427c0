import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { threadWorkflowId } from '@org/orchestrator-contracts';

/** The events of a workflow's history (latest run), as the server recorded them. */
export async function historyEvents(env: TestWorkflowEnvironment, workflowId: string) {
  const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
  return history.events ?? [];
}

/** A thread's recorded activity calls: the activity type and its decoded first argument. */
export async function scheduledActivities(env: TestWorkflowEnvironment, threadId: string): Promise<{ type: string; input: unknown }[]> {
  return (await historyEvents(env, threadWorkflowId(threadId)))
    .flatMap((e) => (e.activityTaskScheduledEventAttributes ? [e.activityTaskScheduledEventAttributes] : []))
    .map((a) => {
      const data = a.input?.payloads?.[0]?.data;
      return { type: a.activityType?.name ?? '', input: data ? JSON.parse(Buffer.from(data).toString('utf8')) : undefined };
    });
}

/** Whether the thread started any child workflow (an RFQ). */
export async function startedChildren(env: TestWorkflowEnvironment, threadId: string): Promise<number> {
  return (await historyEvents(env, threadWorkflowId(threadId))).filter((e) => e.startChildWorkflowExecutionInitiatedEventAttributes).length;
}

/** How many updates the workflow's history holds (a validator's refusal leaves none). */
export async function recordedUpdates(env: TestWorkflowEnvironment, threadId: string): Promise<number> {
  return (await historyEvents(env, threadWorkflowId(threadId))).filter(
    (e) => e.workflowExecutionUpdateAcceptedEventAttributes || e.workflowExecutionUpdateCompletedEventAttributes,
  ).length;
}
