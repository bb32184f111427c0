import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { threadWorkflowId } from '@org/orchestrator-contracts';

/** The events of a workflow's history (latest run), as the server recorded them. */
export async function historyEvents(env: TestWorkflowEnvironment, workflowId: string) {
  const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
  return history.events ?? [];
}

/**
 * A thread's recorded activity calls, activities and local activities alike, in order: the activity
 * type and, for activities, the decoded first argument (a local activity's marker records no input:
 * see the harness's `calls` for what every activity was called with).
 */
export async function scheduledActivities(env: TestWorkflowEnvironment, threadId: string): Promise<{ type: string; input: unknown; local: boolean }[]> {
  return (await historyEvents(env, threadWorkflowId(threadId))).flatMap((e): { type: string; input: unknown; local: boolean }[] => {
    const scheduled = e.activityTaskScheduledEventAttributes;
    if (scheduled) {
      const data = scheduled.input?.payloads?.[0]?.data;
      return [{ type: scheduled.activityType?.name ?? '', input: data ? JSON.parse(Buffer.from(data).toString('utf8')) : undefined, local: false }];
    }
    const marker = e.markerRecordedEventAttributes;
    if (marker?.markerName !== LOCAL_ACTIVITY_MARKER) return [];
    const data = marker.details?.['data']?.payloads?.[0]?.data;
    const info = data ? (JSON.parse(Buffer.from(data).toString('utf8')) as { activity_type?: string; activityType?: string }) : {};
    return [{ type: info.activity_type ?? info.activityType ?? '', input: undefined, local: true }];
  });
}

/** The marker a local activity's result is recorded under. */
export const LOCAL_ACTIVITY_MARKER = 'core_local_activity';

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
