import type {
  QueuedMessage,
  StashedMessages,
  AgentCallUsage,
  AnyFlowState,
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
import type { PendingEntry } from './pending-queue';
import { PendingQueue, pendingEntry } from './pending-queue';
import { boundedRejection, messageIdOf, recordOf } from './book-records';
import { MessageCounters, RecentIds, RecentRecords, THREAD_BOUNDS, jsonBytes } from './windows';

export type AcceptResult = 'queued' | 'duplicate' | 'rejected';

/** How a thread keeps its book: bounded windows (marker `bounded-state`) or everything (threads started before). */
export interface ThreadBookOptions {
  bounded?: boolean;
}

/** What the front of the queue needs before {@link ThreadBook.takeNext} can take it (see `pending-io.ts`). */
export type FrontWork = { kind: 'load'; stash: StashedMessages } | { kind: 'check'; entries: PendingEntry[] };

/**
 * The bookkeeping of one thread: the durable queue of accepted messages (arrival order),
 * the seen ids, message records and counters, and rejected payloads. Pure and synchronous, so
 * signal handlers finish at once and the book can be carried across continue-as-new.
 *
 * Bounded (threads under the `bounded-state` marker): seen ids and records are recent windows
 * ({@link THREAD_BOUNDS}), totals are counters, and pending messages beyond a small inline budget
 * are carried as stash references, so what is carried and shown stays small however long the
 * thread. A message whose id is no longer in the seen window is checked against the ledger before
 * it is handled ({@link frontWork}). Unbounded (threads started before): every id and record, as before.
 */
export class ThreadBook {
  readonly bounded: boolean;
  private readonly queue: PendingQueue;
  private readonly seen: RecentIds;
  private readonly records: RecentRecords;
  private readonly counters: MessageCounters;
  private readonly rejected: RejectedPayload[];
  private completeRequest: CompleteThreadRequest | undefined;
  flow: FlowName | null;
  /** The flow's state: its shape is the flow's (`FlowStates`); the thread core reads it through `./flow-state.ts`. */
  flowState: AnyFlowState;
  private escalation: ThreadEscalation | null;
  private readonly agentUsage: AgentUsageTotals;
  private duplicatesIgnored: number;
  private rejectedCount: number;
  private readonly continuedAsNew: number;
  private readonly startedAt: string;
  /** Key of the thread's outbound ids (see {@link outboundMessageId}); carried, never shown. */
  private idKey: string | undefined;
  /** Messages taken and not yet marked handled (normally one), by id. */
  private readonly handling = new Map<string, EmailMessage>();
  /** A handling suspended at a resumable wait: carried, resumed by the next run. */
  private suspendedHandling: { message?: EmailMessage; stashed?: StashedMessages; flowConfig?: unknown } | undefined;
  /** The last `loadFlowConfig` answer (carried with a suspended handling). */
  flowConfig: unknown;
  /** Messages handled by this run (not carried): continue-as-new only after progress. */
  handledThisRun = 0;
  /** Messages accepted by this run (not carried): signals grew this run's history. */
  acceptedThisRun = 0;
  /** This run is ending in continue-as-new (stashing what it carries): updates are refused from now. */
  continuing = false;
  /** While a step is failed (see `./failures.ts`): its message and those held since, for the retry. Carried. */
  stepFailure: StepFailureMessages | undefined;

  constructor(
    readonly threadId: string,
    carried: CarriedThreadState | undefined,
    now: string,
    options: ThreadBookOptions = {},
  ) {
    this.bounded = options.bounded === true;
    this.queue = new PendingQueue(carried?.pending ?? [], carried?.pendingChecks ?? [], carried?.pendingStashed ?? []);
    this.seen = new RecentIds(
      carried?.seenMessageIds ?? [],
      carried?.seenIdsDropped ?? 0,
      this.bounded ? { count: THREAD_BOUNDS.seenIds, bytes: THREAD_BOUNDS.seenIdBytes } : undefined,
    );
    this.records = new RecentRecords(carried?.messages ?? [], this.bounded ? { count: THREAD_BOUNDS.records, bytes: THREAD_BOUNDS.recordBytes } : undefined);
    this.duplicatesIgnored = carried?.duplicatesIgnored ?? 0;
    this.counters = carried?.counts ? new MessageCounters(carried.counts) : MessageCounters.fromRecords(carried?.messages ?? [], this.duplicatesIgnored);
    this.rejected = [...(carried?.rejected ?? [])];
    this.rejectedCount = carried?.rejectedCount ?? this.rejected.length;
    this.completeRequest = carried?.completeRequest;
    this.flow = carried?.flow ?? null;
    this.flowState = carried?.flowState ?? {};
    this.escalation = carried?.escalation ?? null;
    this.agentUsage = carried?.agentUsage ?? { calls: 0, inputTokens: 0, outputTokens: 0, latencyMs: 0, byModel: {} };
    this.continuedAsNew = carried?.continuedAsNew ?? 0;
    this.startedAt = carried?.startedAt ?? now;
    this.idKey = carried?.idKey;
    if (carried?.suspended) {
      this.suspendedHandling = { ...carried.suspended };
      this.flowConfig = carried.suspended.flowConfig;
      if (carried.suspended.message) this.handling.set(carried.suspended.message.messageId, carried.suspended.message);
    }
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
    this.counters.received += 1;
    if (this.seen.has(message.messageId)) {
      this.countDuplicate();
      return { result: 'duplicate', messageId: message.messageId };
    }
    // Not in the window, but the window dropped ids: an earlier copy may have been handled long ago.
    const check = this.bounded && this.seen.dropped > 0;
    this.seen.add(message.messageId);
    this.queue.push(pendingEntry(message, check));
    this.records.add(recordOf(message, 'queued'));
    this.acceptedThisRun += 1;
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
    return this.queue.length > 0;
  }

  /**
   * What the front of the queue needs before it can be taken: its stash loaded, or the first
   * entries checked against the ledger ({@link checked}). `undefined`: nothing, take it.
   */
  frontWork(): FrontWork | undefined {
    const stash = this.queue.nextStash;
    if (stash) return { kind: 'load', stash };
    if (this.queue.front?.check) return { kind: 'check', entries: this.queue.frontEntries(THREAD_BOUNDS.ledgerLookupBatch) };
    return undefined;
  }

  /** The loaded entries of the stash {@link frontWork} named. */
  loadedStash(entries: readonly QueuedMessage[]): void {
    this.queue.loaded(entries);
  }

  /**
   * Settles the checks of `entries` (the front of the queue, in order) given the ids the ledger
   * says were handled: an entry is a redelivery if the ledger has its id, or an earlier entry or a
   * message being handled has it. Later entries are checked after these are handled, so the
   * ledger then knows them.
   */
  checked(entries: readonly PendingEntry[], handledInLedger: readonly string[]): void {
    const handled = new Set(handledInLedger);
    const earlier = new Set(this.handling.keys());
    for (const entry of entries) {
      const id = entry.message.messageId;
      if (entry.check && (handled.has(id) || earlier.has(id))) entry.duplicate = true;
      else earlier.add(id);
      entry.check = false;
    }
  }

  /** Takes the oldest queued message and marks it as being handled (skipping redeliveries found out). */
  takeNext(): EmailMessage | undefined {
    for (;;) {
      const front = this.queue.front;
      if (!front || front.check) return undefined;
      this.queue.shift();
      if (front.duplicate) {
        this.countDuplicate();
        this.records.remove(front.message.messageId);
        continue;
      }
      const message = front.message;
      if (!this.records.update(message.messageId, (r) => (r.status = 'handling'))) {
        if (!this.bounded) throw new Error(`No record for message ${message.messageId}`);
        this.records.add(recordOf(message, 'handling'));
      }
      this.handling.set(message.messageId, message);
      return message;
    }
  }

  markHandled(messageId: string, outcome: MessageOutcome): void {
    const done = (r: ThreadMessageRecord) => {
      r.status = 'handled';
      r.outcome = outcome;
    };
    if (!this.records.update(messageId, done)) {
      const message = this.handling.get(messageId);
      if (!this.bounded || !message) throw new Error(`No record for message ${messageId}`);
      const record = recordOf(message, 'handled');
      done(record);
      this.records.add(record);
    }
    this.handling.delete(messageId);
    this.counters.countHandled(outcome);
    this.handledThisRun += 1;
  }

  /** Messages taken and not handled yet. */
  get inHandling(): number {
    return this.handling.size;
  }

  /**
   * Keeps `message` (being handled, its flow waiting at a resumable point) for the next run,
   * with the flow configuration its handling started with.
   */
  suspend(message: EmailMessage): void {
    this.suspendedHandling = { message, flowConfig: this.flowConfig };
  }

  /** The handling the previous run suspended: its message (inline) or its stash, until resumed. */
  get suspended(): { message?: EmailMessage; stashed?: StashedMessages } | undefined {
    return this.suspendedHandling;
  }

  /** The suspended message was loaded from its stash. */
  loadedSuspended(message: EmailMessage): void {
    if (!this.suspendedHandling) throw new Error('nothing suspended');
    this.suspendedHandling = { ...this.suspendedHandling, message, stashed: undefined };
    this.handling.set(message.messageId, message);
  }

  /** The suspended message was stashed (too big to carry inline). */
  stashedSuspended(stashed: StashedMessages): void {
    if (!this.suspendedHandling) throw new Error('nothing suspended');
    this.suspendedHandling = { ...this.suspendedHandling, message: undefined, stashed };
  }

  /** The suspended handling is being resumed: from now on it is an ordinary message being handled. */
  resumed(): EmailMessage {
    const message = this.suspendedHandling?.message;
    if (!message) throw new Error('no suspended message to resume');
    this.suspendedHandling = undefined;
    return message;
  }

  /** The pending queue, for stashing before continue-as-new (`pending-io.ts`). */
  get pendingQueue(): PendingQueue {
    return this.queue;
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
    // Not checked against the ledger: it knows them as held, and they are to be handled again.
    this.queue.requeue(messages.map((message) => pendingEntry(message)));
    for (const message of messages) {
      if (this.records.update(message.messageId, (r) => (r.status = 'queued'))) continue;
      if (!this.bounded) throw new Error(`No record for message ${message.messageId}`);
      this.records.add(recordOf(message, 'queued'));
    }
  }

  state(): ThreadState {
    return {
      threadId: this.threadId,
      status: this.completionRequested ? 'completing' : 'open',
      flow: this.flow,
      flowState: this.flowState,
      escalation: this.escalation,
      agentUsage: this.agentUsage,
      messages: this.records.all,
      counts: this.counts(),
      duplicatesIgnored: this.duplicatesIgnored,
      rejected: this.rejected,
      rejectedCount: this.rejectedCount,
      continuedAsNew: this.continuedAsNew,
      startedAt: this.startedAt,
    };
  }

  private counts() {
    return this.counters.toJSON(this.queue.length);
  }

  /**
   * Everything the next run needs. Messages being handled are never carried (the thread continues
   * as new between messages), except a suspended handling's. Bounded: stash references and at most
   * the inline budget of pending messages (`pending-io.ts` stashes the rest first).
   */
  carry(): CarriedThreadState {
    const { stashed, inline, checks } = this.queue.carry();
    const suspended = this.suspendedHandling;
    return {
      pending: inline,
      ...(checks.length > 0 ? { pendingChecks: checks } : {}),
      ...(stashed.length > 0 ? { pendingStashed: stashed } : {}),
      seenMessageIds: this.seen.toArray(),
      ...(this.seen.dropped > 0 ? { seenIdsDropped: this.seen.dropped } : {}),
      messages: this.records.all,
      counts: this.counts(),
      ...(suspended
        ? {
            suspended: {
              ...(suspended.message ? { message: suspended.message } : {}),
              ...(suspended.stashed ? { stashed: suspended.stashed } : {}),
              flowConfig: suspended.flowConfig,
            },
          }
        : {}),
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

  /** Serialized size of the suspended handling's message, if it is inline. */
  get suspendedMessageBytes(): number {
    return this.suspendedHandling?.message ? jsonBytes(this.suspendedHandling.message) : 0;
  }

  summary(now: string): ThreadSummary {
    return {
      threadId: this.threadId,
      flow: this.flow,
      escalation: this.escalation,
      agentUsage: this.agentUsage,
      handled: this.records.all
        .filter((r): r is ThreadMessageRecord & { outcome: MessageOutcome } => r.status === 'handled' && !!r.outcome)
        .map((r) => ({ messageId: r.messageId, outcome: r.outcome })),
      counts: this.counts(),
      duplicatesIgnored: this.duplicatesIgnored,
      rejected: this.rejectedCount,
      continuedAsNew: this.continuedAsNew,
      completedAt: now,
      reason: this.completeRequest?.reason,
    };
  }

  private reject(entry: RejectedPayload): void {
    this.rejectedCount += 1;
    this.rejected.push(this.bounded ? boundedRejection(entry) : entry);
    if (this.rejected.length > REJECTED_KEPT) this.rejected.shift();
  }

  private countDuplicate(): void {
    this.duplicatesIgnored += 1;
    this.counters.duplicates += 1;
  }
}
