import type { ApprovalState, ProcurementFlowState, SupportFlowState, ThreadState } from '@org/orchestrator-contracts';
import { SEARCH_ATTRIBUTES, approvalProgress } from '@org/orchestrator-contracts';
import type { ThreadClient } from '@org/orchestrator-contracts/client';
import { getThreadState, listThreads } from '@org/orchestrator-contracts/client';

/** What a person can do for a thread: decide a purchase or a refund, or answer a customer. */
export type TaskKind = 'purchase-approval' | 'refund-approval' | 'support-reply';

/** One thing waiting for the signed-in person, as the task list shows it. */
export interface Task {
  kind: TaskKind;
  threadId: string;
  amount?: number;
  currency?: string;
  /** Who asked (requester, customer). */
  requester: string;
  /** Since when it waits (ISO). */
  since: string;
  /** When it escalates (approval) or its first-response deadline passes (support), ISO. */
  deadline?: string;
  breached: boolean;
  summary: string;
  /** Of an approval under a policy: e.g. `1 of 2 approved` (see contracts' `approvalProgress`). */
  progress?: string;
}

/** Steps in which a thread waits for a person; only these threads are asked for their state. */
const WAITING_STEPS = ['awaiting-approval', 'awaiting-agent', 'needs-human'];
/** Most threads one task list reads (each is one query to its workflow). */
const MAX_LISTED = 200;

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** The tasks of one thread for `person` (none when the thread waits for someone else). */
export function tasksOf(state: ThreadState, person: string): Task[] {
  const tasks: Task[] = [];
  const approvalTask = (approval: ApprovalState | undefined, kind: TaskKind, summary: string) => {
    if (!approval || approval.status !== 'pending' || !approval.approvers.some((a) => same(a, person))) return;
    if (approval.requestedBy && same(approval.requestedBy, person)) return;
    // Who already decided an `all` approval waits for the others: nothing left for them to do.
    if ((approval.decisions ?? []).some((d) => same(d.approver, person))) return;
    const progress = approvalProgress(approval);
    tasks.push({
      kind,
      threadId: state.threadId,
      amount: approval.amount,
      currency: approval.currency,
      requester: approval.requestedBy ?? '',
      since: approval.requestedAt,
      deadline: approval.escalated ? undefined : approval.escalateAt,
      breached: approval.escalated,
      summary,
      ...(progress ? { progress: progress.summary } : {}),
    });
  };
  if (state.flow === 'procurement') {
    const flow = state.flowState as unknown as ProcurementFlowState;
    const items = flow.request?.items.map((i) => `${i.quantity ?? ''} ${i.name}`.trim()).join(', ') ?? 'a purchase';
    approvalTask(flow.approval, 'purchase-approval', items);
  } else if (state.flow === 'support') {
    const flow = state.flowState as unknown as SupportFlowState;
    approvalTask(flow.approval, 'refund-approval', flow.approval?.reason ?? 'a refund');
    const reply = flow.agentReply;
    if (reply?.status === 'awaiting' && reply.agents.some((a) => same(a, person))) {
      const last = flow.turns.at(-1);
      tasks.push({
        kind: 'support-reply',
        threadId: state.threadId,
        requester: flow.customer,
        since: reply.since,
        ...(flow.sla ? { deadline: flow.sla.deadline } : {}),
        breached: flow.sla?.breached ?? false,
        summary: last?.excerpt.slice(0, 140) ?? flow.intent,
      });
    }
  }
  return tasks;
}

/**
 * Finds what waits for a person: threads found through the search attributes (`OrchestratorStatus`
 * in a waiting step), then each one's state. The states are read at most once per `maxAgeMs` for
 * everyone (every open list polls), so the cost does not grow with the number of people. Visibility
 * lags a second or so behind the threads; a thread that stopped waiting meanwhile yields no task.
 */
export function createTaskFinder(client: ThreadClient, options: { maxAgeMs?: number } = {}): TaskFinder {
  const maxAgeMs = options.maxAgeMs ?? 2_000;
  let cached: { at: number; states: Promise<ThreadState[]> } | undefined;
  const waitingStates = async (): Promise<ThreadState[]> => {
    const query = `ExecutionStatus = 'Running' AND ${SEARCH_ATTRIBUTES.status} IN (${WAITING_STEPS.map((s) => `'${s}'`).join(', ')})`;
    const ids: string[] = [];
    for await (const listing of listThreads(client, { query, limit: MAX_LISTED })) ids.push(listing.threadId);
    const states = await Promise.all(ids.map((id) => getThreadState(client, id).catch(() => undefined)));
    return states.filter((s): s is ThreadState => s !== undefined);
  };
  const find = async (person: string): Promise<Task[]> => {
    const now = Date.now();
    if (!cached || now - cached.at > maxAgeMs) {
      const states = waitingStates();
      cached = { at: now, states };
      // A failed read is not kept: the next request tries again.
      states.catch(() => {
        if (cached?.states === states) cached = undefined;
      });
    }
    const states = await cached.states;
    return states.flatMap((state) => tasksOf(state, person)).sort((a, b) => a.since.localeCompare(b.since));
  };
  return {
    find,
    forget: () => {
      cached = undefined;
    },
  };
}

/** What {@link createTaskFinder} returns: `forget` drops the cached states (after a decision). */
export interface TaskFinder {
  find(person: string): Promise<Task[]>;
  forget(): void;
}
