import type { Client } from '@temporalio/client';
import { threadWorkflowId } from '@org/orchestrator-contracts';

/** Why the slowest handlings were slow, as the threads' histories tell it. */
export interface SlowHandlingCauses {
  /** The threads whose histories were read (those of the slowest handlings). */
  threads: string[];
  /**
   * Retried activities by type and by what ended the previous attempt, e.g.
   * `draftSupportAnswer after start-to-close timeout`, with how often and the longest wait
   * from scheduling to the attempt that completed it.
   */
  activityRetries: { what: string; count: number; longestWaitMs: number }[];
  /** Workflow tasks that timed out (a worker died holding one, or its sticky queue went unpolled). */
  workflowTaskTimeouts: number;
}

type HistoryEvent = NonNullable<Awaited<ReturnType<ReturnType<Client['workflow']['getHandle']>['fetchHistory']>>['events']>[number];

const TIMEOUT_NAMES: Record<number, string> = { 1: 'start-to-close', 2: 'schedule-to-start', 3: 'schedule-to-close', 4: 'heartbeat' };

type Timestamp = { seconds?: unknown; nanos?: number | null } | null | undefined;

function timestampMs(time: Timestamp): number {
  return time ? Number(time.seconds ?? 0) * 1000 + Math.floor((time.nanos ?? 0) / 1e6) : 0;
}

function eventMs(event: HistoryEvent): number {
  return timestampMs(event.eventTime);
}

/** A thread that did not finish: what its workflow still waits for. */
export interface UnfinishedThread {
  threadId: string;
  /** e.g. `draftSupportAnswer attempt 1 started 95 s ago on 1234@host`. */
  pending: string[];
}

const ACTIVITY_STATES: Record<number, string> = { 1: 'scheduled', 2: 'started', 3: 'cancel requested', 4: 'paused', 5: 'pause requested' };

/** Describes each thread's workflow: its pending activities and workflow task, as the server sees them now. */
export async function unfinishedThreads(client: Pick<Client, 'workflow'>, threadIds: readonly string[]): Promise<UnfinishedThread[]> {
  const now = Date.now();
  const ago = (time: Timestamp) => `${((now - timestampMs(time)) / 1000).toFixed(0)} s ago`;
  const result: UnfinishedThread[] = [];
  for (const threadId of threadIds) {
    try {
      const { raw, status } = await client.workflow.getHandle(threadWorkflowId(threadId)).describe();
      const pending = (raw.pendingActivities ?? []).map((a) => {
        const state = ACTIVITY_STATES[Number(a.state)] ?? 'pending';
        const when = a.lastStartedTime ? `started ${ago(a.lastStartedTime)} on ${a.lastWorkerIdentity ?? '?'}` : `scheduled ${ago(a.scheduledTime)}`;
        const failure = a.lastFailure?.message ? `, last failure: ${a.lastFailure.message.slice(0, 80)}` : '';
        return `${a.activityType?.name ?? 'activity'} ${state}, attempt ${a.attempt ?? 1}, ${when}${failure}`;
      });
      const task = raw.pendingWorkflowTask;
      if (task) pending.push(`workflow task attempt ${task.attempt ?? 1}, scheduled ${ago(task.scheduledTime)}`);
      result.push({ threadId, pending: pending.length ? pending : [`nothing pending (workflow ${status.name})`] });
    } catch (error) {
      result.push({ threadId, pending: [`cannot describe: ${(error as Error).message.split('\n')[0]}`] });
    }
  }
  return result;
}

/**
 * Reads the histories of `threadIds` and reports what delayed them: activity attempts that had to
 * be retried (an activity's `ActivityTaskStarted` event records the attempt and the previous
 * attempt's failure) and workflow-task timeouts.
 */
export async function slowHandlingCauses(client: Pick<Client, 'workflow'>, threadIds: readonly string[]): Promise<SlowHandlingCauses> {
  const retries = new Map<string, { count: number; longestWaitMs: number }>();
  let workflowTaskTimeouts = 0;
  for (const threadId of threadIds) {
    let events: HistoryEvent[];
    try {
      events = (await client.workflow.getHandle(threadWorkflowId(threadId)).fetchHistory()).events ?? [];
    } catch {
      continue; // a diagnosis, not a check: a history that cannot be read is skipped
    }
    const scheduled = new Map<string, HistoryEvent>();
    for (const event of events) {
      if (event.activityTaskScheduledEventAttributes) scheduled.set(String(event.eventId), event);
      if (event.workflowTaskTimedOutEventAttributes) workflowTaskTimeouts += 1;
      const started = event.activityTaskStartedEventAttributes;
      if (!started || (started.attempt ?? 1) <= 1) continue;
      const schedule = scheduled.get(String(started.scheduledEventId));
      const activity = schedule?.activityTaskScheduledEventAttributes?.activityType?.name ?? 'activity';
      const failure = started.lastFailure;
      const timeout = failure?.timeoutFailureInfo?.timeoutType;
      const cause = timeout ? `${TIMEOUT_NAMES[timeout] ?? 'a'} timeout` : (failure?.message ?? 'a failure').slice(0, 80);
      const key = `${activity} after ${cause}`;
      const entry = retries.get(key) ?? { count: 0, longestWaitMs: 0 };
      entry.count += 1;
      entry.longestWaitMs = Math.max(entry.longestWaitMs, schedule ? eventMs(event) - eventMs(schedule) : 0);
      retries.set(key, entry);
    }
  }
  return {
    threads: [...threadIds],
    activityRetries: [...retries].map(([what, e]) => ({ what, ...e })).sort((a, b) => b.longestWaitMs - a.longestWaitMs),
    workflowTaskTimeouts,
  };
}
