import type { Client, WorkflowHandle } from '@temporalio/client';

type History = Awaited<ReturnType<WorkflowHandle['fetchHistory']>>;
type HistoryEvent = NonNullable<History['events']>[number];

/** What one run of the thread's chain looked like, from its history. */
export interface RunFigures {
  runId: string;
  events: number;
  /** The run's start input (for runs after the first: what the previous run carried), bytes as stored. */
  inputBytes: number;
  signals: number;
  workflowTaskFailures: number;
  /** Longest workflow task: started until completed or failed (ms), and longest wait for a worker: scheduled until started. */
  longestTaskMs: number;
  longestTaskWaitMs: number;
  /** Why its workflow tasks failed or timed out (cause → count). */
  taskFailureCauses: Record<string, number>;
  /** Event types in order, runs of the same type collapsed (`WorkflowExecutionSignaled×120`), for diagnosis. */
  timeline?: string;
  /** How the run ended: `continued-as-new`, `completed`, ... */
  end: string;
}

/**
 * Follows a workflow's chain of runs from `firstRunId` (each continue-as-new names the next run)
 * and measures each run's history.
 */
export async function analyseRuns(client: Client, workflowId: string, firstRunId: string): Promise<RunFigures[]> {
  const runs: RunFigures[] = [];
  let runId: string | undefined = firstRunId;
  while (runId) {
    const history: History = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    const events: HistoryEvent[] = history.events ?? [];
    const started = events[0]?.workflowExecutionStartedEventAttributes;
    const inputBytes = (started?.input?.payloads ?? []).reduce((n: number, p) => n + (p.data?.length ?? 0), 0);
    const last: HistoryEvent | undefined = events.at(-1);
    const continued = last?.workflowExecutionContinuedAsNewEventAttributes;
    runs.push({
      runId,
      events: events.length,
      inputBytes,
      signals: events.filter((e) => e.workflowExecutionSignaledEventAttributes).length,
      workflowTaskFailures: events.filter((e) => e.workflowTaskFailedEventAttributes || e.workflowTaskTimedOutEventAttributes).length,
      taskFailureCauses: causes(events),
      ...taskTimes(events),
      ...(process.env['BURST_TIMELINE'] ? { timeline: timeline(events) } : {}),
      end: continued ? 'continued-as-new' : last?.workflowExecutionCompletedEventAttributes ? 'completed' : `event ${last?.eventType ?? 'none'}`,
    });
    runId = continued?.newExecutionRunId ?? undefined;
  }
  return runs;
}

function causes(
  events: { workflowTaskFailedEventAttributes?: { cause?: unknown } | null; workflowTaskTimedOutEventAttributes?: unknown }[],
): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const event of events) {
    const cause = event.workflowTaskFailedEventAttributes
      ? String(event.workflowTaskFailedEventAttributes.cause ?? 'unknown')
      : event.workflowTaskTimedOutEventAttributes
        ? 'timed out'
        : undefined;
    if (cause) counts[cause] = (counts[cause] ?? 0) + 1;
  }
  return counts;
}

function timeline(events: { eventType?: unknown }[]): string {
  const parts: string[] = [];
  let last = '';
  let count = 0;
  for (const event of events) {
    const type = String(event.eventType ?? '?').replace(/^EVENT_TYPE_/, '');
    if (type === last) count += 1;
    else {
      if (last) parts.push(count > 1 ? `${last}x${count}` : last);
      last = type;
      count = 1;
    }
  }
  if (last) parts.push(count > 1 ? `${last}x${count}` : last);
  return parts.join(' ');
}

type TimedEvent = {
  eventTime?: { seconds?: unknown; nanos?: number | null } | null;
  workflowTaskStartedEventAttributes?: unknown;
  workflowTaskScheduledEventAttributes?: unknown;
  workflowTaskCompletedEventAttributes?: unknown;
  workflowTaskFailedEventAttributes?: unknown;
};

function taskTimes(events: TimedEvent[]): { longestTaskMs: number; longestTaskWaitMs: number } {
  const ms = (e: TimedEvent) => Number(e.eventTime?.seconds ?? 0) * 1000 + Math.floor((e.eventTime?.nanos ?? 0) / 1e6);
  let scheduled = 0;
  let started = 0;
  let longestTaskMs = 0;
  let longestTaskWaitMs = 0;
  for (const event of events) {
    if (event.workflowTaskScheduledEventAttributes) scheduled = ms(event);
    else if (event.workflowTaskStartedEventAttributes) {
      started = ms(event);
      longestTaskWaitMs = Math.max(longestTaskWaitMs, started - scheduled);
    } else if (event.workflowTaskCompletedEventAttributes || event.workflowTaskFailedEventAttributes)
      longestTaskMs = Math.max(longestTaskMs, ms(event) - started);
  }
  return { longestTaskMs, longestTaskWaitMs };
}
