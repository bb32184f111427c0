import type {
  AgentCallUsage,
  AgentUsageTotals,
  CarriedThreadState,
  CompleteThreadRequest,
  EmailMessage,
  FlowName,
  MessageOutcome,
  PayloadIssue,
  RejectedPayload,
  StepFailureMessages,
  ThreadEscalation,
  ThreadMessageRecord,
  ThreadState,
  ThreadSummary,
} from '@org/orchestrator-contracts';
import { REJECTED_KEPT, validateCompleteThreadRequest, validateEmailMessage } from '@org/orchestrator-contracts';
import { keyedMessageId, legacyOutboundMessageId } from '../stable-id';

export type AcceptResult = 'queued' | 'duplicate' | 'rejected';

const SUBJECT_KEPT = 200;

/**
 * The bookkeeping of one thread: the durable queue of accepted messages (arrival order),
 * the seen-id set, per-message records and rejected payloads. Pure and synchronous, so
 * signal handlers finish at once and the whole book can be carried across continue-as-new.
 */
export class ThreadBook {
  private readonly pending: EmailMessage[];
  private readonly seen: Set<string>;
  private readonly records: ThreadMessageRecord[];
  private readonly rejected: RejectedPayload[];
  private completeRequest: CompleteThreadRequest | undefined;
  flow: FlowName | null;
  flowState: Record<string, unknown>;
  private escalation: ThreadEscalation | null;
  private readonly agentUsage: AgentUsageTotals;
  private duplicatesIgnored: number;
  private rejectedCount: number;
  private readonly continuedAsNew: number;
  private readonly startedAt: string;
  /** Key of the thread's outbound ids (see {@link outboundMessageId}); carried, never shown. */
  private idKey: string | undefined;
  /** Messages handled by this run (not carried): continue-as-new only after progress. */
  handledThisRun = 0;
  /** While a step is failed (see `./failures.ts`): its message and those held since, for the retry. Carried. */
  stepFailure: StepFailureMessages | undefined;

  constructor(
    readonly threadId: string,
    carried: CarriedThreadState | undefined,
    now: string,
  ) {
    this.pending = [...(carried?.pending ?? [])];
    this.seen = new Set(carried?.seenMessageIds ?? []);
    this.records = [...(carried?.messages ?? [])];
    this.rejected = [...(carried?.rejected ?? [])];
    this.rejectedCount = carried?.rejectedCount ?? this.rejected.length;
    this.completeRequest = carried?.completeRequest;
    this.flow = carried?.flow ?? null;
    this.flowState = carried?.flowState ?? {};
    this.escalation = carried?.escalation ?? null;
    this.agentUsage = carried?.agentUsage ?? { calls: 0, inputTokens: 0, outputTokens: 0, latencyMs: 0, byModel: {} };
    this.duplicatesIgnored = carried?.duplicatesIgnored ?? 0;
    this.continuedAsNew = carried?.continuedAsNew ?? 0;
    this.startedAt = carried?.startedAt ?? now;
    this.idKey = carried?.idKey;
    this.stepFailure = carried?.stepFailure;
  }

  /** From now on, the thread's outbound ids are derived from `key` (the `threadIdKey` activity's answer). */
  useIdKey(key: string): void {
    if (!/^[0-9a-f]{64}$/.test(key)) throw new TypeError('an id key is 64 hex digits');
    this.idKey = key;
  }

  /**
   * The Message-ID of the email the thread sends at `step` (also the id of anything that routes
   * replies back, such as an RFQ): keyed, hence unguessable, for threads that have a key; the
   * older plain hash for threads that started before keys existed.
   */
  outboundMessageId(step: string): string {
    return this.idKey ? keyedMessageId(this.idKey, step) : legacyOutboundMessageId(this.threadId, step);
  }

  /** Validates a raw `NEW_MESSAGE` payload and queues it unless its message id was seen. */
  accept(raw: unknown, now: string): { result: AcceptResult; issues?: PayloadIssue[]; messageId?: string } {
    const validation = validateEmailMessage(raw);
    const rawId = messageIdOf(raw);
    if (!validation.ok) {
      this.reject({ signal: 'NEW_MESSAGE', messageId: rawId, reason: 'invalid email payload', issues: validation.issues, rejectedAt: now });
      return { result: 'rejected', issues: validation.issues, messageId: rawId };
    }
    const message = validation.value;
    if (message.threadId !== this.threadId) {
      const issues = [{ path: 'threadId', message: `belongs to thread ${message.threadId}, not ${this.threadId}` }];
      this.reject({ signal: 'NEW_MESSAGE', messageId: message.messageId, reason: 'message for another thread', issues, rejectedAt: now });
      return { result: 'rejected', issues, messageId: message.messageId };
    }
    if (this.seen.has(message.messageId)) {
      this.duplicatesIgnored += 1;
      return { result: 'duplicate', messageId: message.messageId };
    }
    this.seen.add(message.messageId);
    this.pending.push(message);
    this.records.push({
      messageId: message.messageId,
      from: message.from.address,
      subject: message.subject.slice(0, SUBJECT_KEPT),
      receivedAt: message.receivedAt,
      status: 'queued',
    });
    return { result: 'queued', messageId: message.messageId };
  }

  /** Records a `COMPLETE_THREAD` request (the first valid one wins). */
  requestCompletion(raw: unknown, now: string): { ok: boolean; issues?: PayloadIssue[] } {
    const validation = validateCompleteThreadRequest(raw ?? {});
    if (!validation.ok) {
      this.reject({ signal: 'COMPLETE_THREAD', reason: 'invalid complete request', issues: validation.issues, rejectedAt: now });
      return { ok: false, issues: validation.issues };
    }
    this.completeRequest ??= validation.value;
    return { ok: true };
  }

  get completionRequested(): boolean {
    return this.completeRequest !== undefined;
  }

  get hasPending(): boolean {
    return this.pending.length > 0;
  }

  /** Takes the oldest queued message and marks it as being handled. */
  takeNext(): EmailMessage | undefined {
    const message = this.pending.shift();
    if (message) this.recordOf(message.messageId).status = 'handling';
    return message;
  }

  markHandled(messageId: string, outcome: MessageOutcome): void {
    const record = this.recordOf(messageId);
    record.status = 'handled';
    record.outcome = outcome;
    this.handledThisRun += 1;
  }

  /** Adds one agent call to the thread's totals (per model and overall). */
  recordAgentUsage(usage: AgentCallUsage): void {
    const key = `${usage.provider}/${usage.model}`;
    const model = (this.agentUsage.byModel[key] ??= { calls: 0, inputTokens: 0, outputTokens: 0, latencyMs: 0 });
    for (const totals of [this.agentUsage, model]) {
      totals.calls += 1;
      totals.inputTokens += usage.inputTokens;
      totals.outputTokens += usage.outputTokens;
      totals.latencyMs += usage.latencyMs;
    }
  }

  /**
   * Hands the thread to a human; the first escalation is kept (a failed step being retried gives
   * way to the new reason). Returns false if already escalated.
   */
  escalate(reason: string, detail: string | undefined, at: string): boolean {
    if (this.escalation && this.escalation.status !== 'retrying') return false;
    this.escalation = { reason, detail, at };
    return true;
  }

  get escalated(): boolean {
    return this.escalation !== null;
  }

  /** The thread's escalation, if any (the object the state query shows; mutate with care). */
  currentEscalation(): ThreadEscalation | null {
    return this.escalation;
  }

  /**
   * Holds the thread for a failed step (see `./failures.ts`), unless it is held for another
   * reason; a failed step's later failure replaces it. Returns false if held for another reason.
   */
  escalateFailure(escalation: ThreadEscalation & Required<Pick<ThreadEscalation, 'failedStep'>>, messages: StepFailureMessages): boolean {
    if (this.escalation && !this.escalation.failedStep) return false;
    this.escalation = escalation;
    this.stepFailure = messages;
    return true;
  }

  /** Ends the escalation of a failed step (its retry succeeded); other escalations stay. */
  clearFailure(): void {
    if (this.escalation?.failedStep) this.escalation = null;
    this.stepFailure = undefined;
  }

  /** Puts messages taken earlier back at the head of the queue, in the given order (a retry). */
  requeue(messages: EmailMessage[]): void {
    this.pending.unshift(...messages);
    for (const message of messages) this.recordOf(message.messageId).status = 'queued';
  }

  state(): ThreadState {
    return {
      threadId: this.threadId,
      status: this.completionRequested ? 'completing' : 'open',
      flow: this.flow,
      flowState: this.flowState,
      escalation: this.escalation,
      agentUsage: this.agentUsage,
      messages: this.records,
      duplicatesIgnored: this.duplicatesIgnored,
      rejected: this.rejected,
      rejectedCount: this.rejectedCount,
      continuedAsNew: this.continuedAsNew,
      startedAt: this.startedAt,
    };
  }

  /** Everything the next run needs; messages being handled are never carried (we CAN between messages). */
  carry(): CarriedThreadState {
    return {
      pending: this.pending,
      seenMessageIds: [...this.seen],
      messages: this.records,
      flow: this.flow,
      flowState: this.flowState,
      escalation: this.escalation,
      agentUsage: this.agentUsage,
      duplicatesIgnored: this.duplicatesIgnored,
      rejected: this.rejected,
      rejectedCount: this.rejectedCount,
      continuedAsNew: this.continuedAsNew + 1,
      startedAt: this.startedAt,
      completeRequest: this.completeRequest,
      ...(this.stepFailure ? { stepFailure: this.stepFailure } : {}),
      ...(this.idKey ? { idKey: this.idKey } : {}),
    };
  }

  summary(now: string): ThreadSummary {
    return {
      threadId: this.threadId,
      flow: this.flow,
      escalation: this.escalation,
      agentUsage: this.agentUsage,
      handled: this.records
        .filter((r): r is ThreadMessageRecord & { outcome: MessageOutcome } => r.status === 'handled' && !!r.outcome)
        .map((r) => ({ messageId: r.messageId, outcome: r.outcome })),
      duplicatesIgnored: this.duplicatesIgnored,
      rejected: this.rejectedCount,
      continuedAsNew: this.continuedAsNew,
      completedAt: now,
      reason: this.completeRequest?.reason,
    };
  }

  private reject(entry: RejectedPayload): void {
    this.rejectedCount += 1;
    this.rejected.push(entry);
    if (this.rejected.length > REJECTED_KEPT) this.rejected.shift();
  }

  private recordOf(messageId: string): ThreadMessageRecord {
    // Search from the end: the message being handled is near the tail of a long thread.
    for (let i = this.records.length - 1; i >= 0; i--) {
      const record = this.records[i];
      if (record && record.messageId === messageId) return record;
    }
    throw new Error(`No record for message ${messageId}`);
  }
}

function messageIdOf(raw: unknown): string | undefined {
  if (raw && typeof raw === 'object' && 'messageId' in raw) {
    const id = (raw as { messageId: unknown }).messageId;
    if (typeof id === 'string') return id.slice(0, 998);
  }
  return undefined;
}
