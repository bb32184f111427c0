import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

/** The events of every run of a workflow, following continue-as-new back from the latest run; adds them by type to `byType`. */
export async function chainEvents(client: Client, workflowId: string, byType: Record<string, number>): Promise<{ events: number; runs: number }> {
  let events = 0;
  let runs = 0;
  let runId: string | undefined;
  do {
    let history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    // A reply is written inside a workflow task (a local activity): wait until that task completed.
    for (let wait = 0; wait < 100 && inFlight(history.events?.at(-1)?.eventType); wait++) {
      await new Promise((r) => setTimeout(r, 100));
      history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    }
    events += history.events?.length ?? 0;
    for (const event of history.events ?? []) {
      const type = eventName(event);
      byType[type] = (byType[type] ?? 0) + 1;
    }
    runs += 1;
    runId = history.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId || undefined;
  } while (runId);
  return { events, runs };
}

/** `MARKER_RECORDED` for `EVENT_TYPE_MARKER_RECORDED` or its enum number. */
function eventTypeName(eventType: unknown): string {
  const name = typeof eventType === 'number' ? temporal.api.enums.v1.EventType[eventType] : String(eventType);
  return String(name).replace(/^EVENT_TYPE_/, '');
}

/** The event's type, with the activity's name for an activity scheduled or a local activity's marker. */
function eventName(event: temporal.api.history.v1.IHistoryEvent): string {
  const type = eventTypeName(event.eventType);
  const scheduled = event.activityTaskScheduledEventAttributes?.activityType?.name;
  if (scheduled) return `${type} ${scheduled}`;
  const marker = event.markerRecordedEventAttributes;
  const data = marker?.details?.data?.payloads?.[0]?.data;
  if (marker?.markerName === 'core_local_activity' && data) {
    const activity = (JSON.parse(Buffer.from(data).toString('utf8')) as { activity_type?: string }).activity_type;
    return `LOCAL_ACTIVITY ${activity ?? '?'}`;
  }
  return marker?.markerName ? `${type} ${marker.markerName}` : type;
}

/** Whether a history ends in a workflow task still scheduled or running. */
function inFlight(eventType: unknown): boolean {
  const type = eventTypeName(eventType);
  return type === 'WORKFLOW_TASK_SCHEDULED' || type === 'WORKFLOW_TASK_STARTED';
}

/**
 * Waits until a workflow has nothing in progress: closed, or running with no workflow task,
 * activity or child pending (e.g. a procurement thread still sending its notes after the purchase
 * order), so its history is counted whole. Gives up after `timeoutMs` and counts what is there.
 */
export async function settled(client: Client, workflowId: string, timeoutMs = 30_000): Promise<void> {
  const handle = client.workflow.getHandle(workflowId);
  const giveUpAt = Date.now() + timeoutMs;
  while (Date.now() < giveUpAt) {
    const { status, raw } = await handle.describe();
    if (status.name !== 'RUNNING') return;
    if (!raw.pendingWorkflowTask && (raw.pendingActivities?.length ?? 0) === 0 && (raw.pendingChildren?.length ?? 0) === 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}
