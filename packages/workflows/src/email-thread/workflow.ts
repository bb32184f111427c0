import { ActivityFailure, ApplicationFailure, allHandlersFinished, condition, continueAsNew, log, setHandler } from '@temporalio/workflow';
import type { EmailMessage, EmailThreadInput, MessageOutcome, ThreadSummary } from '@org/orchestrator-contracts';
import { automatedMail, completeThreadSignal } from '@org/orchestrator-contracts';
import type { FlowConfig, ThreadClassification } from '@org/orchestrator-activities';
import {
  agentsFor,
  automatedAction,
  automatedRefusal,
  classifyThread,
  inlineSteps,
  isPatched,
  loadFlowConfig,
  markCurrentCode,
  notifyEscalation,
  nowIso,
  setApprovalHandlers,
  setBookHandlers,
  ThreadBook,
  threadIdKey,
  UNGUESSABLE_IDS_PATCH,
} from '@org/orchestrator-thread-kit';
import type { FlowContext, ThreadFlow } from '@org/orchestrator-thread-kit';
import { FLOWS, LEGACY_FLOWS } from '../flows/registry';
import { approvalSlot, checkCarriedFlowState, repliedOnce } from './flow-state';
import {
  STEP_FAILURE_PATCH,
  escalateFailedStep,
  heldForFailedStep,
  holdForRetry,
  retriedStep,
  retryDue,
  retrySucceeded,
  runRetried,
  setRetryHandler,
  startRetry,
} from './failures';
import { recorded } from './ledger';
import { stashForContinueAsNew, takeNextMessage } from './pending-io';
import {
  BOUNDED_STATE_PATCH,
  HandlingSuspended,
  continueAsNewDue,
  refuseWhileContinuing,
  resumableWait,
  resumeSuspended,
  suspendable,
  suspensionDue,
} from './suspend';

/** Automatic mail (RFC 3834) is recorded and never answered; a thread it would start is held. */
const AUTOMATED_MAIL_PATCH = 'automated-mail';
/** Threads routed to a business flow on a guess (confidence below the agents' threshold) go to a human. */
const UNSURE_ROUTING_PATCH = 'unsure-routing';

/**
 * One execution chain per email thread (workflow id from `threadWorkflowId`). `NEW_MESSAGE`
 * signals are validated, de-duplicated by message id and queued; the queue is handled in
 * arrival order by the thread's flow (chosen by the `classifyThread` activity on the first
 * message). `COMPLETE_THREAD` drains the queue and returns a summary. When Temporal suggests
 * it, the thread continues as new between messages, or while its flow waits at a resumable point
 * (the next run resumes that handling first), carrying its book: bounded windows, counters and
 * stash references under bounded state, everything for threads started before it.
 */
export async function emailThreadWorkflow(input: EmailThreadInput): Promise<ThreadSummary> {
  markCurrentCode();
  const book = new ThreadBook(input.threadId, input.carried, nowIso(), { bounded: isPatched(BOUNDED_STATE_PATCH) });

  setBookHandlers(book);
  setHandler(completeThreadSignal, (raw?: unknown) => {
    const { ok, issues } = book.requestCompletion(raw, nowIso());
    if (!ok) log.warn('Rejected COMPLETE_THREAD payload', { threadId: book.threadId, issues });
  });
  // Updates act on whatever the flow waits for; their validators refuse when it waits for nothing.
  if (input.carried) checkCarriedFlowState(book.threadId, book.flow, book.flowState, book.flow ? FLOWS[book.flow].stateSchema : undefined);
  const admit = () => refuseWhileContinuing(book);
  setApprovalHandlers(() => approvalSlot(book.flowState), admit);
  // The flows' own updates (support's `submitAgentReply`), in every thread whatever its flow.
  const handlerContext = { flowState: () => book.flowState, outboundMessageId: (step: string) => book.outboundMessageId(step), admit };
  for (const flow of Object.values(FLOWS)) flow.setHandlers?.(handlerContext);
  setRetryHandler(book);
  // A new thread gets the key of its unguessable ids once; a continued run carries it. Threads
  // that started before keys (carried without one, or histories without the marker) keep their ids.
  if (!input.carried && isPatched(UNGUESSABLE_IDS_PATCH)) book.useIdKey((await threadIdKey({ threadId: book.threadId })).key);
  const context = flowContext(book);
  if (book.suspended) {
    // The previous run continued as new while its flow waited: go on with that handling first.
    const flow = flowFor(book);
    if (!(await resumeSuspended(book, (message) => resumeMessage(book, flow, message)))) return continueAsNewFrom(book);
  }

  for (;;) {
    const flow = book.flow === null || book.escalated ? undefined : flowFor(book);
    // A thread held for a failed step resumes on a retry, or on a decision its flow can go on with.
    const heldFlow = heldForFailedStep(book) && book.flow !== null ? flowFor(book) : undefined;
    const ready = () => book.hasPending || book.completionRequested || continueAsNewDue(book) || retryDue(book, heldFlow, context);
    const idleAt = flow?.idleUntil?.(context);
    if (idleAt === undefined) {
      await condition(ready);
    } else if (!(await condition(ready, Math.max(1, idleAt - Date.now())))) {
      await guarded(book, 'idle handling', () => flow?.onIdle?.(context));
      continue;
    }
    if (retryDue(book, heldFlow, context)) {
      if ((await startRetry(book, heldFlow, context)) === 'idle' && (await guarded(book, 'idle handling', () => flowFor(book).onIdle?.(context)))) {
        retrySucceeded(book);
      }
      continue;
    }
    if (continueAsNewDue(book)) return continueAsNewFrom(book);
    const message = book.bounded ? await takeNextMessage(book) : book.takeNext();
    if (message) {
      const outcome = await suspendable(book, message, () => handleMessage(book, message));
      if (!outcome) return continueAsNewFrom(book); // the flow waits at a resumable point
      book.markHandled(message.messageId, outcome);
    } else if (book.completionRequested) {
      break;
    }
  }
  await condition(allHandlersFinished);
  return book.summary(nowIso());
}

/**
 * Continues as new with the book; under bounded state, pending messages beyond the inline budget
 * are stashed first, so the input stays small whatever the backlog.
 */
async function continueAsNewFrom(book: ThreadBook): Promise<never> {
  book.continuing = true;
  if (book.bounded) await stashForContinueAsNew(book);
  else await condition(allHandlersFinished);
  return continueAsNew<typeof emailThreadWorkflow>({ threadId: book.threadId, carried: book.carry() });
}

async function handleMessage(book: ThreadBook, message: EmailMessage): Promise<MessageOutcome> {
  // Messages the flow takes while handling this one: held with it if a step fails for good.
  const taken = new Map<string, EmailMessage>();
  const context = flowContext(book, taken);
  const retried = retriedStep(book, message);
  try {
    const automated = automatedMail(message);
    if (automated && isPatched(AUTOMATED_MAIL_PATCH)) {
      if (book.flow === null && !book.escalated) {
        // Automatic mail starting a thread: no flow answers it (RFC 3834); a person may look at it.
        // No notice is sent: a flood of bounces must not become a flood of notices.
        book.flow = 'unknown';
        book.escalate(`automated mail (${automated.kind})`, automated.detail, nowIso());
      }
      return recorded(book, message, { flow: book.flow ?? 'unknown', action: automatedAction(automated) });
    }
    if (book.escalated && !retried) {
      // A human owns the thread now: keep the message (for a failed step's retry), send nothing automatic.
      holdForRetry(book, message);
      return recorded(book, message, { flow: book.flow ?? 'unknown', action: 'held-for-human' });
    }
    if (book.flow === null && !(await route(book, message))) {
      return recorded(book, message, { flow: 'unknown', action: 'escalated' });
    }
    const flow = flowFor(book);
    // A retried message is handled again from the start of its flow step (the flow knows how);
    // one whose routing failed is routed and handled as new.
    const handle = () => (retried?.flow ? (flow.retryMessage ?? flow.handleMessage) : flow.handleMessage).call(flow, message, context);
    const outcome = retried ? await runRetried(book, handle) : await handle();
    return recorded(book, message, { flow: flow.name, ...outcome });
  } catch (error) {
    return failedHandling(book, message, error, taken, context);
  } finally {
    freshConfigs.delete(book); // only for the message it was loaded for
  }
}

/** The handling a previous run suspended at a resumable wait, resumed by its flow (`ThreadFlow.resume`). */
async function resumeMessage(book: ThreadBook, flow: ThreadFlow, message: EmailMessage): Promise<MessageOutcome> {
  const resume = flow.resume;
  if (!resume) throw new Error(`flow ${flow.name} suspended a handling but cannot resume it`);
  const taken = new Map<string, EmailMessage>();
  const context = flowContext(book, taken);
  try {
    return await recorded(book, message, { flow: flow.name, ...(await resume.call(flow, message, context)) });
  } catch (error) {
    return failedHandling(book, message, error, taken, context);
  }
}

/**
 * Only non-retryable activity failures, or those whose retries ran out, are handled here; anything
 * else (a suspended handling, a bug) goes on up. One bad message must not take the thread down: it
 * is held for a person (older threads: only recorded).
 */
async function failedHandling(
  book: ThreadBook,
  message: EmailMessage,
  error: unknown,
  taken: Map<string, EmailMessage>,
  context: FlowContext,
): Promise<MessageOutcome> {
  if (!(error instanceof ActivityFailure)) throw error;
  log.error('Message handling failed', { threadId: book.threadId, messageId: message.messageId, error: error.cause?.message });
  const flow = book.flow ?? 'unknown';
  if (!isPatched(STEP_FAILURE_PATCH)) {
    // Under bounded state the ledger knows every handled id (it de-duplicates ids older than the window).
    return book.bounded ? recorded(book, message, { flow, action: 'failed' }) : { flow, action: 'failed' };
  }
  for (const other of taken.values()) book.markHandled(other.messageId, await recorded(book, other, { flow, action: 'held-for-human' }));
  const where = { during: 'message' as const, message, taken: [...taken.values()] };
  await escalateFailedStep(book, error, where, book.flow === null ? undefined : flowFor(book), context);
  return recorded(book, message, { flow, action: 'failed' });
}

/**
 * Classifies the thread's first message and sets its flow. If the agent cannot give a usable answer
 * (invalid output, rejected request, provider down past the retry policy), the thread escalates to
 * a human instead of guessing. Returns whether routing succeeded.
 */
async function route(book: ThreadBook, message: EmailMessage): Promise<boolean> {
  try {
    // Under inline steps the configuration comes first: it says whether the agents answer in-process
    // (then classifying is a local activity), and the first turn reuses it (see `flowContext`).
    const config = inlineSteps() ? await loadFreshConfig(book) : undefined;
    const classify = config ? agentsFor(config).classifyThread : classifyThread;
    const { usage, ...classification }: Partial<Pick<ThreadClassification, 'usage'>> & Omit<ThreadClassification, 'usage'> = await classify({
      threadId: book.threadId,
      message,
    });
    // Threads started before agents existed recorded results without usage: they must still replay.
    if (usage) book.recordAgentUsage(usage);
    book.flow = classification.flow;
    book.flowState = { routing: classification };
    // A guess must not start an automation: a person looks first. Mail no flow handles (`unknown`)
    // only gets the holding reply anyway, so it goes on as before.
    if (classification.unsure && classification.flow !== 'unknown' && isPatched(UNSURE_ROUTING_PATCH)) {
      // Like a failed routing (before step retries): no flow runs; the state keeps what was guessed.
      book.flow = 'unknown';
      const reason = 'routing unsure';
      const detail = `classified as ${classification.flow}/${classification.intent} with confidence ${classification.confidence}, below the agents' threshold`;
      book.escalate(reason, detail, nowIso());
      log.warn('Thread escalated: routing unsure', { threadId: book.threadId, flow: classification.flow, confidence: classification.confidence });
      await notifyEscalation({ notificationMessageId: book.outboundMessageId(`escalation:${message.messageId}`), reason, detail, message });
      return false;
    }
    return true;
  } catch (error) {
    if (!(error instanceof ActivityFailure)) throw error;
    // A failed step like any other (see ./failures.ts): held for a person, who may retry the routing.
    if (isPatched(STEP_FAILURE_PATCH)) throw error;
    const cause = error.cause instanceof ApplicationFailure ? error.cause : undefined;
    book.flow = 'unknown';
    const reason = `routing failed: ${cause?.type ?? 'activity failure'}`;
    const detail = cause?.message ?? error.message;
    book.escalate(reason, detail, nowIso());
    log.warn('Thread escalated: routing failed', { threadId: book.threadId, type: cause?.type, error: detail });
    await notifyEscalation({ notificationMessageId: book.outboundMessageId(`escalation:${message.messageId}`), reason, detail, message });
    return false;
  }
}

/** The configuration routing loaded for the message it routed, until the flow's turn takes it. */
const freshConfigs = new WeakMap<ThreadBook, FlowConfig>();

async function loadFreshConfig(book: ThreadBook): Promise<FlowConfig> {
  const config = await loadFlowConfig();
  book.flowConfig = config;
  freshConfigs.set(book, config);
  return config;
}

/**
 * Threads whose flow began before the business flows existed keep their reply-once flow, so their
 * histories replay and their state (`replied`) keeps its meaning.
 */
function flowFor(book: ThreadBook): ThreadFlow {
  const name = book.flow ?? 'unknown';
  const legacy = repliedOnce(book.flowState) || !isPatched('business-flows');
  return (legacy ? LEGACY_FLOWS : FLOWS)[name];
}

/** What a flow may do with its thread; `taken` tracks the messages it took and has not recorded yet. */
function flowContext(book: ThreadBook, taken = new Map<string, EmailMessage>()): FlowContext {
  return {
    threadId: book.threadId,
    get state() {
      return book.flowState;
    },
    outboundMessageId: (step) => book.outboundMessageId(step),
    async nextMessage(timeoutMs, options) {
      const until = Date.now() + timeoutMs;
      // A resumable wait lets the thread continue as new (the flow's `resume` goes on from its state).
      const suspend = () => options?.resumable === true && book.bounded && suspensionDue(book);
      for (;;) {
        await condition(() => book.hasPending || book.completionRequested || suspend(), Math.max(1, until - Date.now()));
        if (suspend()) throw new HandlingSuspended();
        const message = !book.hasPending ? undefined : book.bounded ? await takeNextMessage(book) : book.takeNext();
        // Only redeliveries were waiting (found out against the ledger): the wait goes on.
        if (!message && book.bounded && !book.completionRequested && Date.now() < until) continue;
        // Automatic mail never reaches a waiting flow as an answer: recorded, and the wait goes on.
        const ignored = message && automatedRefusal(message);
        if (!message || !ignored || !isPatched(AUTOMATED_MAIL_PATCH)) {
          if (message) taken.set(message.messageId, message);
          return message;
        }
        book.markHandled(message.messageId, await recorded(book, message, { flow: book.flow ?? 'unknown', action: ignored }));
        if (book.completionRequested || Date.now() >= until) return undefined;
      }
    },
    resumableWait: (done, timeoutMs) => resumableWait(book, done, timeoutMs),
    async loadFlowConfig() {
      // Loaded moments ago by routing, for the message now handled: the same answer, without a second step.
      const fresh = freshConfigs.get(book);
      freshConfigs.delete(book);
      if (fresh) return fresh;
      const config = await loadFlowConfig();
      book.flowConfig = config;
      return config;
    },
    get flowConfig() {
      return book.flowConfig as FlowConfig | undefined;
    },
    async handled(message, outcome) {
      taken.delete(message.messageId);
      const flow = book.flow ?? 'unknown';
      book.markHandled(message.messageId, await recorded(book, message, { flow, ...outcome }));
    },
    recordAgentUsage(usage) {
      if (usage) book.recordAgentUsage(usage);
    },
    get completionRequested() {
      return book.completionRequested;
    },
    complete(reason) {
      book.requestCompletion({ reason, requestedBy: 'flow' }, nowIso());
    },
    async escalate(reason, detail, message) {
      if (!book.escalate(reason, detail, nowIso())) return;
      log.warn('Thread escalated', { threadId: book.threadId, reason });
      await notifyEscalation({ notificationMessageId: book.outboundMessageId(`escalation:${message.messageId}`), reason, detail, message });
    },
  };
}

/**
 * Runs flow work outside message handling (idle handling). A non-retryable activity failure is not
 * fatal: it escalates the thread like a failed message (older threads: logged only). Returns
 * whether the work finished.
 */
async function guarded(book: ThreadBook, what: string, work: () => Promise<void> | undefined): Promise<boolean> {
  try {
    await work();
    return true;
  } catch (error) {
    if (!(error instanceof ActivityFailure)) throw error;
    log.error(`Flow ${what} failed`, { threadId: book.threadId, error: error.cause?.message });
    if (isPatched(STEP_FAILURE_PATCH)) await escalateFailedStep(book, error, { during: 'idle' }, undefined, flowContext(book));
    return false;
  }
}
