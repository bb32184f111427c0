import { ActivityFailure, ApplicationFailure, CancellationScope, TimeoutFailure, condition, log, setHandler, workflowInfo } from '@temporalio/workflow';
import { RetryState, defineSearchAttributeKey } from '@temporalio/common';
import type { EmailMessage, FailedStep, RetryFailedStepInput, RetryReceipt, RetryRefusal, ThreadEscalation } from '@org/orchestrator-contracts';
import { HELD_FOR_RETRY_KEPT, SEARCH_ATTRIBUTES, payloadIssues, retryFailedStepInputSchema, retryFailedStepUpdate } from '@org/orchestrator-contracts';
import { jsonBytes, loadFlowConfig, notifyEscalation, nowIso, THREAD_BOUNDS, upsertThreadAttributes } from '@org/orchestrator-thread-kit';
import type { FlowContext, ThreadBook, ThreadFlow } from '@org/orchestrator-thread-kit';
import { refuseWhileContinuing } from './suspend';
import { awaitingOf, currentStep } from './flow-state';

/**
 * A step that fails for good (a non-retryable activity failure, or one whose retries ran out)
 * escalates its thread instead of leaving it silently stuck; threads started before keep marking
 * the message `failed` and nothing else.
 */
export const STEP_FAILURE_PATCH = 'escalate-failed-steps';

/** Search attribute status while a failed step waits for a person, and while it runs again. */
const NEEDS_HUMAN = 'needs-human';
const RETRYING = 'retrying';
const FAILURE_MESSAGE_KEPT = 1500;

/** Where a step failed: handling a message (and the messages the flow had taken meanwhile), or idle handling. */
export type FailedDuring = { during: 'message'; message: EmailMessage; taken: EmailMessage[] } | { during: 'idle' };

/**
 * Holds the thread for a person after a step failed for good: the escalation (`status:
 * 'needs-human'`, `failedStep` naming the activity and the failure), the failed message and those
 * the flow had taken kept for a retry, the flow's own preparation (`onMessageFailed`), the search
 * attributes (`OrchestratorEscalated`, status `needs-human`) and a notice to the escalation address.
 * A step that fails again after a retry counts one more attempt and sends a new notice.
 */
export async function escalateFailedStep(
  book: ThreadBook,
  error: ActivityFailure,
  where: FailedDuring,
  flow: ThreadFlow | undefined,
  context: FlowContext,
): Promise<void> {
  const previous = book.currentEscalation()?.failedStep;
  const messageId = where.during === 'message' ? where.message.messageId : undefined;
  const again = previous !== undefined && previous.during === where.during && previous.messageId === messageId;
  const flowStep = book.flow === null ? 'routing' : currentStep(book.flowState);
  const held: EmailMessage[] = [];
  if (where.during === 'message') for (const message of where.taken) if (!keepForRetry(book, held, message)) break;
  const failedStep: FailedStep = {
    activity: error.activityType,
    failure: failureOf(error),
    flow: book.flow,
    ...(flowStep ? { flowStep } : {}),
    during: where.during,
    ...(messageId ? { messageId } : {}),
    attempts: again ? previous.attempts + 1 : 1,
    held: held.length,
  };
  const at = nowIso();
  const reason = reasonOf(failedStep);
  const detail = detailOf(book.threadId, failedStep);
  const messages = where.during === 'message' ? { message: withoutHtml(where.message), held } : { held };
  if (!book.escalateFailure({ reason, detail, at, status: NEEDS_HUMAN, failedStep }, messages)) {
    log.error('Step failed in a thread held for another reason', { threadId: book.threadId, reason });
    return;
  }
  log.warn('Thread escalated: a step failed', { threadId: book.threadId, reason, attempts: failedStep.attempts });
  const config = await loadFlowConfig();
  if (where.during === 'message') flow?.onMessageFailed?.(where.message, context, config);
  upsertThreadAttributes(config, { escalated: true, status: NEEDS_HUMAN });
  const about = where.during === 'message' ? { message: where.message } : { thread: { threadId: book.threadId, subject: book.state().messages[0]?.subject } };
  try {
    await notifyEscalation({ notificationMessageId: book.outboundMessageId(`step-failed:${messageId ?? 'idle'}:${at}`), reason, detail, ...about });
  } catch (notifyError) {
    // The escalation stands in the state and the search attributes; a notice that cannot go out is logged.
    if (!(notifyError instanceof ActivityFailure)) throw notifyError;
    log.error('Escalation notice failed', { threadId: book.threadId, error: notifyError.cause?.message });
  }
}

/** The held message is kept for the retry (at most `HELD_FOR_RETRY_KEPT`), when the thread is held for a failed step. */
export function holdForRetry(book: ThreadBook, message: EmailMessage): void {
  const failedStep = book.currentEscalation()?.failedStep;
  if (!failedStep || !book.stepFailure) return;
  if (keepForRetry(book, book.stepFailure.held, message)) failedStep.held = book.stepFailure.held.length;
}

/**
 * Adds `message` (without HTML) to the messages kept for a retry, if there is room: at most
 * `HELD_FOR_RETRY_KEPT`, and under bounded state at most `THREAD_BOUNDS.heldForRetryBytes` in all,
 * since they are carried across continue-as-new. Messages beyond are recorded (the ledger), not kept.
 */
function keepForRetry(book: ThreadBook, held: EmailMessage[], message: EmailMessage): boolean {
  if (held.length >= HELD_FOR_RETRY_KEPT) return false;
  const kept = withoutHtml(message);
  if (book.bounded && jsonBytes([...held, kept]) > THREAD_BOUNDS.heldForRetryBytes) return false;
  held.push(kept);
  return true;
}

/** The failed step while the thread waits for a person (not while it runs again). */
export function heldForFailedStep(book: ThreadBook): FailedStep | undefined {
  const escalation = book.currentEscalation();
  return escalation?.status === NEEDS_HUMAN ? escalation.failedStep : undefined;
}

/**
 * Whether the thread should start running its failed step again: a person asked
 * (`retryFailedStep`), or took a decision the held flow continues with (`decidedWhileHeld`).
 * Pure: used in the main loop's wait condition.
 */
export function retryDue(book: ThreadBook, heldFlow: ThreadFlow | undefined, context: FlowContext): boolean {
  const escalation = book.currentEscalation();
  if (!escalation?.failedStep || !book.stepFailure) return false;
  if (escalation.status === RETRYING) return true;
  return escalation.failedStep.during === 'message' && heldFlow?.decidedWhileHeld?.(context) !== undefined;
}

/**
 * Starts the retry {@link retryDue} asked for: a failed message goes back to the head of the queue
 * with the messages held since behind it, where the main loop handles it again ({@link retriedStep}).
 * A failed idle handling is run again by the caller (`'idle'`), unless messages came meanwhile: then
 * the silence it acted on is over, the escalation ends and the flow handles them.
 */
export async function startRetry(book: ThreadBook, heldFlow: ThreadFlow | undefined, context: FlowContext): Promise<'queued' | 'idle'> {
  const escalation = book.currentEscalation() as ThreadEscalation & { failedStep: FailedStep };
  const { failedStep } = escalation;
  if (escalation.status !== RETRYING) {
    escalation.status = RETRYING;
    failedStep.retry = { requestedBy: heldFlow?.decidedWhileHeld?.(context) ?? 'unknown', requestedAt: nowIso(), comment: 'decided while the thread was held' };
  }
  const { message, held } = book.stepFailure ?? { held: [] };
  book.stepFailure = undefined;
  log.info('Retrying a failed step', { threadId: book.threadId, activity: failedStep.activity, requestedBy: failedStep.retry?.requestedBy });
  const config = await loadFlowConfig();
  upsertThreadAttributes(config, { escalated: false, status: RETRYING });
  if (failedStep.during === 'message' && message) {
    book.requeue([message, ...held]);
    return 'queued';
  }
  book.requeue(held);
  if (held.length === 0) return 'idle';
  retrySucceeded(book);
  return 'queued';
}

/** The failed step being retried, when `message` is its message. */
export function retriedStep(book: ThreadBook, message: EmailMessage): FailedStep | undefined {
  const escalation = book.currentEscalation();
  const failedStep = escalation?.status === RETRYING ? escalation.failedStep : undefined;
  return failedStep?.during === 'message' && failedStep.messageId === message.messageId ? failedStep : undefined;
}

/**
 * Runs the retried handling of a message. It has succeeded once it returns, or as soon as the flow
 * waits for someone (a new `flowState.awaiting`, e.g. a procurement waiting days for quotes): from
 * then on the thread is the flow's again, and its escalation ends.
 */
export async function runRetried<T>(book: ThreadBook, handling: () => Promise<T>): Promise<T> {
  const before = awaitingOf(book.flowState);
  const waiting = () => awaitingOf(book.flowState) !== undefined && awaitingOf(book.flowState) !== before;
  const watch = new CancellationScope();
  // A condition without a timeout records nothing: cancelling it leaves no trace in the history.
  watch
    .run(() => condition(waiting))
    .then(
      () => retrySucceeded(book),
      () => undefined,
    );
  try {
    const result = await handling();
    retrySucceeded(book);
    return result;
  } finally {
    watch.cancel();
  }
}

/** The retried step succeeded: the escalation ends (unless the flow escalated anew meanwhile). */
export function retrySucceeded(book: ThreadBook): void {
  const escalation = book.currentEscalation();
  if (!escalation?.failedStep || escalation.status !== RETRYING) return;
  log.info('Failed step retried successfully', { threadId: book.threadId, activity: escalation.failedStep.activity });
  book.clearFailure();
  // The status said `retrying`; a flow that published nothing since gets its step back.
  const statusKey = defineSearchAttributeKey(SEARCH_ATTRIBUTES.status, 'KEYWORD');
  if (workflowInfo().typedSearchAttributes.get(statusKey) === RETRYING)
    upsertThreadAttributes({ searchAttributes: true }, { status: currentStep(book.flowState) ?? 'open' });
}

/**
 * Registers `retryFailedStep`. The validator refuses (typed, nothing recorded) when no step failed,
 * a retry runs already, or the thread is completing; the handler marks the escalation `retrying`
 * and the main loop runs the step again.
 */
export function setRetryHandler(book: ThreadBook): void {
  setHandler(
    retryFailedStepUpdate,
    (input: RetryFailedStepInput): RetryReceipt => {
      const { escalation, value } = retryable(book, input);
      const requestedAt = nowIso();
      escalation.status = RETRYING;
      escalation.failedStep.retry = { requestedBy: value.requestedBy, requestedAt, ...(value.comment ? { comment: value.comment } : {}) };
      return { failedStep: escalation.failedStep, requestedBy: value.requestedBy, requestedAt };
    },
    {
      validator: (input: RetryFailedStepInput) => {
        refuseWhileContinuing(book);
        retryable(book, input);
      },
    },
  );
}

function retryable(book: ThreadBook, input: unknown): { escalation: ThreadEscalation & { failedStep: FailedStep }; value: RetryFailedStepInput } {
  const parsed = retryFailedStepInputSchema.safeParse(input);
  if (!parsed.success) {
    const issues = payloadIssues(parsed.error.issues);
    throw refusal('InvalidRetryRequest', `invalid retry request: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`, issues);
  }
  const escalation = book.currentEscalation();
  if (!escalation?.failedStep) {
    throw refusal(
      'NoFailedStep',
      escalation ? `no step failed: the thread is held for another reason (${escalation.reason})` : 'no step of this thread failed',
    );
  }
  if (escalation.status === RETRYING) throw refusal('RetryInProgress', `the failed step (${escalation.failedStep.activity}) is already running again`);
  if (book.completionRequested) throw refusal('ThreadCompleting', 'the thread was asked to complete');
  return { escalation: escalation as ThreadEscalation & { failedStep: FailedStep }, value: parsed.data };
}

function refusal(type: RetryRefusal, message: string, details?: unknown): ApplicationFailure {
  return ApplicationFailure.create({ type, message, nonRetryable: true, ...(details ? { details: [details] } : {}) });
}

/** The failure's type (`AgentOutputInvalid`, `ActivityNotConfigured`, `Timeout`, …) and message. */
function failureOf(error: ActivityFailure): FailedStep['failure'] {
  const cause = error.cause;
  const type = cause instanceof ApplicationFailure ? (cause.type ?? 'Error') : cause instanceof TimeoutFailure ? 'Timeout' : (cause?.name ?? 'ActivityFailure');
  const exhausted = error.retryState === RetryState.MAXIMUM_ATTEMPTS_REACHED ? ' (its retries ran out)' : '';
  return { type, message: `${cause?.message ?? error.message}${exhausted}`.slice(0, FAILURE_MESSAGE_KEPT) };
}

/** e.g. `support answering: draftSupportAnswer failed (AgentOutputInvalid)`. */
function reasonOf(step: FailedStep): string {
  const where =
    step.flowStep === 'routing' ? 'routing' : `${step.flow ?? 'thread'} ${step.during === 'idle' ? 'idle handling' : (step.flowStep ?? 'handling')}`;
  return `${where}: ${step.activity} failed (${step.failure.type})`.slice(0, 500);
}

function detailOf(threadId: string, step: FailedStep): string {
  const where =
    step.during === 'idle'
      ? `the ${step.flow ?? 'thread'} flow's idle handling (nothing came for a while)`
      : `${step.flowStep === 'routing' ? 'routing' : `the ${step.flow} flow${step.flowStep ? `, step ${step.flowStep}` : ''}`}, handling message ${step.messageId}`;
  return (
    `What failed: ${step.activity} (${step.failure.type}): ${step.failure.message}\n` +
    `Where: ${where}\n` +
    `Failed ${step.attempts} time(s). Later messages are held for you.\n\n` +
    `Once the cause is fixed, run the step again:\n  orchestrator retry '${threadId}' --as <your address>\n` +
    `Or take over: answer the sender yourself (a support thread takes orchestrator reply '${threadId}' --as <agent> --text "…"), ` +
    `then orchestrator complete '${threadId}'.`
  ).slice(0, 4000);
}

/** Kept bodies stay small: the flows read the text, never the HTML. */
function withoutHtml(message: EmailMessage): EmailMessage {
  const { html: _html, ...rest } = message;
  return rest;
}
