import { z } from 'zod';
import type { EmailMessage } from './email';
import type { AnyFlowState } from './flow-state';
import type { FlowName } from './names';

/** Optional payload of `COMPLETE_THREAD`. */
export const completeThreadRequestSchema = z
  .object({
    reason: z.string().max(500).optional(),
    requestedBy: z.string().max(256).optional(),
  })
  .default({});

export type CompleteThreadRequest = z.infer<typeof completeThreadRequestSchema>;

/** How many rejected payloads a thread keeps for inspection (older ones are only counted). */
export const REJECTED_KEPT = 100;

/** Lifecycle of one thread workflow execution chain. */
export type ThreadStatus = 'open' | 'completing' | 'completed';

/** Where one message is in the thread: queued in arrival order, being handled, or done. */
export type MessageStatus = 'queued' | 'handling' | 'handled';

/** What the thread's flow did with a message. */
export interface MessageOutcome {
  flow: FlowName;
  /** e.g. `acknowledged`, `holding-reply`. Flows add their own actions. */
  action: string;
  /** The outbound Message-ID of the reply sent for this message, if any. */
  replyMessageId?: string;
}

/** Agent usage summed over a thread (all runs), per model and in total. */
export interface AgentUsageTotals {
  calls: number;
  inputTokens: number;
  outputTokens: number;
  latencyMs: number;
  byModel: Record<string, { calls: number; inputTokens: number; outputTokens: number; latencyMs: number }>;
}

/** Why and when a thread was handed to a human. */
export interface ThreadEscalation {
  reason: string;
  detail?: string;
  at: string;
  /**
   * For a step that failed for good (`failedStep` set): `needs-human` while the thread waits for a
   * person (`retryFailedStep`, or an answer of their own), `retrying` while the step runs again.
   */
  status?: EscalationStatus;
  /** The step that failed for good; absent for other escalations (held requests, automatic mail). */
  failedStep?: FailedStep;
}

/** Where a thread held for a failed step is: waiting for a person, or running the step again. */
export type EscalationStatus = 'needs-human' | 'retrying';

/**
 * A step of a thread that failed for good: a non-retryable activity failure (an agent's output
 * failed its schema, the LLM provider refused the request, a dependency is not configured, a mail
 * was rejected) or one whose retries ran out. The thread is escalated and holds later messages
 * until a person retries the step (`retryFailedStep`) or takes over.
 */
export interface FailedStep {
  /** The activity that failed, e.g. `draftSupportAnswer`. */
  activity: string;
  /** The failure's type (e.g. `AgentOutputInvalid`, `ActivityNotConfigured`) and message. */
  failure: { type: string; message: string };
  /** The thread's flow when it failed; `null` when routing (choosing the flow) failed. */
  flow: FlowName | null;
  /** The flow's step when it failed (its `flowState.step`), or `routing`. */
  flowStep?: string;
  /** While handling a message (`messageId`), or in the flow's idle handling (e.g. closing a quiet thread). */
  during: 'message' | 'idle';
  messageId?: string;
  /** How often this step failed: 1, plus one for each retry that failed again. */
  attempts: number;
  /** Messages that arrived while the thread was held, handled after a successful retry (at most {@link HELD_FOR_RETRY_KEPT}). */
  held: number;
  /** The retry a person asked for (`retryFailedStep`), or the decision of theirs the step resumes with. */
  retry?: { requestedBy: string; requestedAt: string; comment?: string };
}

/** How many messages arriving while a step is failed are kept to be handled after its retry. */
export const HELD_FOR_RETRY_KEPT = 10;

/** One accepted message as seen in the thread state (no bodies: those stay out of history). */
export interface ThreadMessageRecord {
  messageId: string;
  from: string;
  subject: string;
  receivedAt: string;
  status: MessageStatus;
  outcome?: MessageOutcome;
}

/** A `NEW_MESSAGE` or `COMPLETE_THREAD` payload the workflow refused, kept for inspection. */
export interface RejectedPayload {
  signal: string;
  /** The message id, when the payload had a readable one. */
  messageId?: string;
  reason: string;
  issues: { path: string; message: string }[];
  rejectedAt: string;
}

/**
 * A thread's message counters over its whole life (all runs), while its records are only the
 * recent ones. Invariant: `received = handled + duplicates + pending` (+ 1 while one is handled).
 */
export interface ThreadMessageCounts {
  /** Valid `NEW_MESSAGE` payloads for this thread, redeliveries included. */
  received: number;
  handled: number;
  /** Redeliveries of a message id the thread had already accepted (ignored). */
  duplicates: number;
  /** Accepted and waiting to be handled. */
  pending: number;
  /** Handled messages per outcome action (at most {@link OUTCOME_ACTIONS_COUNTED} actions; more are under `other`). */
  byAction: Record<string, number>;
}

/** How many distinct outcome actions {@link ThreadMessageCounts.byAction} names before it counts them as `other`. */
export const OUTCOME_ACTIONS_COUNTED = 50;

/** Answer of the thread-state query. */
export interface ThreadState {
  threadId: string;
  status: ThreadStatus;
  flow: FlowName | null;
  /**
   * Flow-specific state, owned by the flow (JSON): its shape is the thread's `flow`'s
   * (`FlowStates[flow]`, together the union `ThreadFlowState`; `flowStateIssues` checks one). Narrow
   * it by its `step` (absent before a flow's first step and in an RFQ child's state) or by a field.
   */
  flowState: AnyFlowState;
  /** Set when the thread was handed to a human (e.g. an agent's output failed validation). */
  escalation: ThreadEscalation | null;
  agentUsage: AgentUsageTotals;
  /**
   * The most recently accepted or handled messages, oldest first (a bounded window: older ones are
   * in the ledger, `orchestrator messages <thread>`). Threads started before bounded state list every
   * accepted message.
   */
  messages: ThreadMessageRecord[];
  /** Totals over the whole thread. */
  counts: ThreadMessageCounts;
  duplicatesIgnored: number;
  /** The most recent rejected payloads (at most {@link REJECTED_KEPT}). */
  rejected: RejectedPayload[];
  /** All payloads ever rejected by this thread. */
  rejectedCount: number;
  /** How many times this thread continued as new. */
  continuedAsNew: number;
  startedAt: string;
}

/** Result of a completed thread workflow. */
export interface ThreadSummary {
  threadId: string;
  flow: FlowName | null;
  escalation: ThreadEscalation | null;
  agentUsage: AgentUsageTotals;
  /**
   * The handled messages, in the order they were handled: the most recent ones (see
   * {@link ThreadState.messages}); `counts` has the totals, the ledger every one.
   */
  handled: { messageId: string; outcome: MessageOutcome }[];
  /** Totals over the whole thread (absent from summaries of threads started before bounded state). */
  counts?: ThreadMessageCounts;
  duplicatesIgnored: number;
  rejected: number;
  continuedAsNew: number;
  completedAt: string;
  reason?: string;
}

/** Input of the thread workflow. Clients pass `{ threadId }`; `carried` is set by continue-as-new. */
export interface EmailThreadInput {
  threadId: string;
  carried?: CarriedThreadState;
}

/**
 * Accepted messages kept outside Temporal (the `stashMessages` activity) so that a thread's carried
 * state stays small whatever its backlog: `count` messages, in arrival order, of which the first
 * `skip` were already taken.
 */
export interface StashedMessages {
  /** `sha256:<hex>` of the stashed JSON: the same messages always get the same id. */
  id: string;
  count: number;
  /** Serialized size (UTF-8 bytes). */
  bytes: number;
  skip?: number;
}

/** A message accepted by the thread and not handled yet, as stashed (see {@link StashedMessages}). */
export interface QueuedMessage {
  message: EmailMessage;
  /**
   * Accepted when the thread's window of seen ids had already dropped older ids: before it is
   * handled, the ledger is asked whether an earlier copy was handled.
   */
  check?: true;
}

/**
 * The handling of one message that a flow suspended at a resumable wait (an agent's reply, an
 * approval) so the thread could continue as new: the next run resumes it from the flow's state.
 */
export interface SuspendedHandling {
  /** The message, inline when small, else `stashed` (one message). */
  message?: EmailMessage;
  stashed?: StashedMessages;
  /** The flows' configuration the handling started with (the `loadFlowConfig` result), so a resumed handling keeps it. */
  flowConfig?: unknown;
}

/**
 * Everything a thread carries across continue-as-new: nothing is lost, nothing is handled twice.
 * Threads under bounded state (marker `bounded-state`) carry bounded windows, counters and
 * stashed references, so the carried input stays far below Temporal's payload limit whatever
 * the thread's length and backlog; threads started before carry every id and record.
 */
export interface CarriedThreadState {
  /** Accepted but unhandled messages kept inline, in arrival order (after {@link pendingStashed}). */
  pending: EmailMessage[];
  /** Of `pending`: the ids to check against the ledger before handling (see {@link QueuedMessage.check}). */
  pendingChecks?: string[];
  /** Accepted but unhandled messages stashed outside Temporal, in arrival order, before `pending`. */
  pendingStashed?: StashedMessages[];
  /** The thread's recent seen message ids (all of them for threads started before bounded state). */
  seenMessageIds: string[];
  /** How many seen ids were dropped from the window (their messages are in the ledger). */
  seenIdsDropped?: number;
  /** Recent message records (all of them for threads started before bounded state). */
  messages: ThreadMessageRecord[];
  counts?: ThreadMessageCounts;
  /** A handling suspended at a resumable wait, resumed first by the next run. */
  suspended?: SuspendedHandling;
  flow: FlowName | null;
  /**
   * The flow's state as this run wrote it; the next run checks it against the flow's schema
   * (`flowStateIssues`), logs what differs (a state recorded by an older version) and keeps it.
   */
  flowState: AnyFlowState;
  escalation: ThreadEscalation | null;
  agentUsage: AgentUsageTotals;
  duplicatesIgnored: number;
  rejected: RejectedPayload[];
  rejectedCount: number;
  continuedAsNew: number;
  startedAt: string;
  completeRequest?: CompleteThreadRequest;
  /** The message whose handling failed for good and those held since, for a retry (see {@link FailedStep}). */
  stepFailure?: StepFailureMessages;
  /**
   * The key the thread's outbound ids are derived from (the `threadIdKey` activity's answer);
   * absent for threads that started with the older, guessable ids, which keep them. Never shown
   * by the state query.
   */
  idKey?: string;
}

/** The messages a failed step keeps for its retry (bodies: carried, never shown by the state query). */
export interface StepFailureMessages {
  /** The message whose handling failed (absent for a failure in idle handling). */
  message?: EmailMessage;
  /** Messages that arrived while the thread was held, in arrival order, without their HTML. */
  held: EmailMessage[];
}
