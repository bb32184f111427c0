import type { ActivityInterfaceFor, ActivityOptions, LocalActivityOptions } from '@temporalio/workflow';
import { RetryState } from '@temporalio/common';
import { ActivityFailure, ApplicationFailure, TimeoutFailure, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { FlowConfig, OrchestratorActivities } from '@org/orchestrator-activities';
import { isPatched } from './patches';

// Error types that no retry can fix: invalid input, a missing dependency, and an agent that answered unusably.
const nonRetryableErrorTypes = ['InvalidActivityInput', 'ActivityNotConfigured'];
const nonRetryableAgentErrorTypes = [...nonRetryableErrorTypes, 'AgentOutputInvalid', 'AgentRequestRejected'];

/**
 * Agent calls may go to a remote LLM: a generous timeout and a bounded number of attempts, after
 * which the flow hands the thread to a human instead of waiting forever. They heartbeat while the
 * call runs, so an attempt lost with its worker is retried after the heartbeat timeout rather than
 * the whole start-to-close timeout (the chaos suite saw threads wait two minutes for a killed worker).
 */
const remoteAgentOptions: ActivityOptions = {
  startToCloseTimeout: '2 minutes',
  heartbeatTimeout: '30s',
  retry: {
    initialInterval: '2s',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    maximumAttempts: 5,
    nonRetryableErrorTypes: nonRetryableAgentErrorTypes,
  },
};
const remoteAgents = proxyActivities<OrchestratorActivities>(remoteAgentOptions);
export const { classifyThread, summarizeThread } = remoteAgents;

/**
 * Local reads and writes (ledger, configuration, id keys, directories, tickets) are quick
 * and idempotent: a short timeout so a lost worker's attempt is retried elsewhere within seconds,
 * and no attempt limit (a database outage heals).
 */
/**
 * A local activity that fails on its first attempt without retry (a non-retryable error) rejects
 * with the bare `ApplicationFailure`, where an activity rejects with an `ActivityFailure` around it
 * (after retries run out, both do). The thread's failure handling (failed steps, escalation) knows
 * activity failures only: local ones are given the same shape, naming their activity type.
 */
function failingAsActivities<T extends object>(proxy: T): T {
  return new Proxy(proxy, {
    get(target, name) {
      const call = Reflect.get(target, name) as (...args: unknown[]) => Promise<unknown>;
      return async (...args: unknown[]) => {
        try {
          return await call(...args);
        } catch (error) {
          if (error instanceof ActivityFailure || !(error instanceof ApplicationFailure || error instanceof TimeoutFailure)) throw error;
          const retryState =
            error instanceof ApplicationFailure && !error.nonRetryable ? RetryState.MAXIMUM_ATTEMPTS_REACHED : RetryState.NON_RETRYABLE_FAILURE;
          throw new ActivityFailure(`local activity ${String(name)} failed`, String(name), undefined, retryState, undefined, error);
        }
      };
    },
  });
}

const shortStepOptions: ActivityOptions = {
  startToCloseTimeout: '10s',
  retry: { initialInterval: '500ms', backoffCoefficient: 2, maximumInterval: '1 minute', nonRetryableErrorTypes },
};

/** Short-step proxies of an activity interface: as activities, and run inline as local activities. */
function shortStepProxies<A extends object>(): { remote: ActivityInterfaceFor<A>; local: ActivityInterfaceFor<A> } {
  return {
    remote: proxyActivities<A>(shortStepOptions),
    /**
     * The same steps run by the workflow's own worker as local activities: no activity task, no
     * server round trip, one marker event each, and a whole turn in one workflow task. A local
     * attempt that keeps failing is retried by a timer past `localRetryThreshold`, as the SDK does.
     */
    local: failingAsActivities(proxyLocalActivities<A>({ ...shortStepOptions, localRetryThreshold: '10s' })) as unknown as ActivityInterfaceFor<A>,
  };
}
const { remote: remoteSteps, local: localSteps } = shortStepProxies<OrchestratorActivities>();

/**
 * Short steps (ledger, configuration, id keys, directories, tickets, stashes) run as local
 * activities in threads that reach this code after it was deployed; threads that ran them as
 * activities before keep doing so in their replayed history (the marker says which).
 */
export const INLINE_STEPS_PATCH = 'inline-short-steps';

/** Whether this point of the thread runs short steps inline (records the patch marker the first time). */
export const inlineSteps = (): boolean => isPatched(INLINE_STEPS_PATCH);

const steps = () => (inlineSteps() ? localSteps : remoteSteps);
type Steps = OrchestratorActivities;

/**
 * A flow package's short steps (store reads and writes: quick, idempotent) over its own activity
 * interface `A`, with the kit's options and choice: each call runs them as local activities under
 * {@link INLINE_STEPS_PATCH} (asking the marker at that call, as the kit's own steps do), else as activities.
 * @example
 * const steps = shortStepsFor<SupportActivities>();
 * export const lookupSupportFacts: SupportActivities['lookupSupportFacts'] = (input) => steps().lookupSupportFacts(input);
 */
export function shortStepsFor<A extends object>(): () => ActivityInterfaceFor<A> {
  const { remote, local } = shortStepProxies<A>();
  return () => (inlineSteps() ? local : remote);
}

/**
 * The thread core's own steps are activities again (marker `ledger-as-activity`): the ledger write
 * and the pending queue's stash, load and ledger check. Each decides what the thread does next with
 * the messages it received, and a local activity is not anchored in history the way an activity is:
 * - it runs before its workflow task completes, so a task that then fails (a continue-as-new racing
 *   a signal under a flood) ran it for a handling the retried task may do in the next run: the
 *   ledger held 77 of 1,000 burst messages twice;
 * - on replay its result can reach the code one workflow task earlier than it did, before signals
 *   that arrived meanwhile: a continue-as-new replayed after a failed task carried the queue without
 *   them (68 of 1,000 burst messages lost).
 * An activity's result comes where its completion is in history, after those signals. A support
 * turn's local steps end with the ledger write, so every handling ends anchored in history.
 */
export const LEDGER_AS_ACTIVITY_PATCH = 'ledger-as-activity';
const threadCoreSteps = () => (isPatched(LEDGER_AS_ACTIVITY_PATCH) ? remoteSteps : steps());
export const recordHandledMessage: Steps['recordHandledMessage'] = (input) => threadCoreSteps().recordHandledMessage(input);
export const loadFlowConfig: Steps['loadFlowConfig'] = () => steps().loadFlowConfig();
export const threadIdKey: Steps['threadIdKey'] = (input) => steps().threadIdKey(input);
export const claimAutoReplySlot: Steps['claimAutoReplySlot'] = (input) => steps().claimAutoReplySlot(input);
export const stashMessages: Steps['stashMessages'] = (input) => threadCoreSteps().stashMessages(input);
export const loadStashedMessages: Steps['loadStashedMessages'] = (input) => threadCoreSteps().loadStashedMessages(input);
export const findHandledMessages: Steps['findHandledMessages'] = (input) => threadCoreSteps().findHandledMessages(input);
export const decisionLinks: Steps['decisionLinks'] = (input) => steps().decisionLinks(input);

/**
 * Agents whose provider answers in-process (`FlowConfig.agentsInline`: the rules provider) run as
 * local activities in threads under {@link INLINE_STEPS_PATCH}; a remote LLM stays a normal
 * activity with its heartbeats and long timeout.
 */
const localAgentOptions: LocalActivityOptions = {
  startToCloseTimeout: '30s',
  localRetryThreshold: '10s',
  retry: { initialInterval: '500ms', backoffCoefficient: 2, maximumInterval: '10s', maximumAttempts: 5, nonRetryableErrorTypes: nonRetryableAgentErrorTypes },
};
const localAgents = failingAsActivities(proxyLocalActivities<OrchestratorActivities>(localAgentOptions));

/** Whether a thread with `config` runs its agents inline: an in-process provider, under `patchId` ({@link INLINE_STEPS_PATCH} unless given). */
const agentsInline = (config: Pick<FlowConfig, 'agentsInline'> | undefined, patchId = INLINE_STEPS_PATCH): boolean =>
  config?.agentsInline === true && isPatched(patchId);

/** The agent proxies for a thread with `config`: local for an in-process provider (new threads), else activities. */
export function agentsFor(config: Pick<FlowConfig, 'agentsInline'> | undefined): Pick<typeof remoteAgents, 'classifyThread' | 'summarizeThread'> {
  return agentsInline(config) ? localAgents : remoteAgents;
}

/**
 * A flow package's agent tasks over its own activity interface `A`, with the kit's options and
 * choice: for a thread whose `config` says the agents answer in-process, local activities (under
 * `patchId`: {@link INLINE_STEPS_PATCH} unless a flow moved its agents inline later, under a patch
 * of its own); else activities with heartbeats, a generous timeout and bounded attempts.
 * @example
 * const agents = agentStepsFor<SupportActivities>();
 * const { output, usage } = await agents(context.flowConfig).draftSupportAnswer(input);
 */
export function agentStepsFor<A extends object>(
  patchId = INLINE_STEPS_PATCH,
): (config: Pick<FlowConfig, 'agentsInline'> | undefined) => ActivityInterfaceFor<A> {
  const remote = proxyActivities<A>(remoteAgentOptions);
  const local = failingAsActivities(proxyLocalActivities<A>(localAgentOptions)) as unknown as ActivityInterfaceFor<A>;
  return (config) => (agentsInline(config, patchId) ? local : remote);
}

/** A flow's document steps (e.g. creating a purchase order renders a PDF into the blob store): more time, the short steps' retry stance, never retried on the kit's non-retryable errors nor on the flow's own `nonRetryable` types. */
function documentStepOptions(nonRetryable: readonly string[]): ActivityOptions {
  return {
    startToCloseTimeout: '2 minutes',
    retry: {
      initialInterval: '1s',
      backoffCoefficient: 2,
      maximumInterval: '1 minute',
      nonRetryableErrorTypes: [...nonRetryableErrorTypes, ...nonRetryable],
    },
  };
}

/**
 * A flow package's document steps over its own activity interface `A`: activities with more time
 * ({@link documentStepOptions}), run inline as local activities where `patchId` is in effect (each call
 * asks it): only for idempotent steps, since a local attempt runs again when its workflow task is
 * retried (e.g. a purchase order, one per thread, whose PDF a repeat renders again).
 * @example
 * const ordering = inlineDocumentStepsFor<ProcurementActivities>(PROCUREMENT_INLINE_STEPS_PATCH, [PURCHASE_ORDER_CONFLICT]);
 * await ordering().createPurchaseOrder(input);
 */
export function inlineDocumentStepsFor<A extends object>(patchId: string, nonRetryable: readonly string[] = []): () => ActivityInterfaceFor<A> {
  const options = documentStepOptions(nonRetryable);
  const remote = proxyActivities<A>(options);
  const local = failingAsActivities(proxyLocalActivities<A>({ ...options, localRetryThreshold: '10s' })) as unknown as ActivityInterfaceFor<A>;
  return () => (isPatched(patchId) ? local : remote);
}

/**
 * Sending mail may stream a 25 MB attachment to a slow server: a long start-to-close, and a
 * heartbeat timeout (the activity heartbeats while sending) so a lost worker is noticed quickly.
 * The outbox ledger makes every retry safe; a conflicting Message-ID is a bug, never retried.
 */
const sendRetry = {
  initialInterval: '1s',
  backoffCoefficient: 2,
  maximumInterval: '5 minutes',
  nonRetryableErrorTypes: [...nonRetryableErrorTypes, 'OutboxConflict', 'EmailRejected'],
};
export const { sendReply, sendEmail, notifyEscalation } = proxyActivities<OrchestratorActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '20s',
  retry: sendRetry,
});

/**
 * A text reply without attachments (the support flow's automatic answer) is one small message: sent
 * inline as a local activity under {@link INLINE_STEPS_PATCH}. The outbox ledger makes a retried
 * attempt (after a lost worker, the workflow task's retry) send it at most once.
 */
const localMail = failingAsActivities(
  proxyLocalActivities<OrchestratorActivities>({ startToCloseTimeout: '1 minute', localRetryThreshold: '10s', retry: sendRetry }),
);
export const sendTextReply: OrchestratorActivities['sendReply'] = (input) => (inlineSteps() ? localMail.sendReply(input) : sendReply(input));

/** The mail steps a flow sends with: `sendEmail` and `sendReply`. */
export type MailSteps = Pick<OrchestratorActivities, 'sendEmail' | 'sendReply'>;

/**
 * A flow's mail sent inline as local activities where `patchId` is in effect (each call asks it),
 * else as activities: for mail the flow composes itself (text, and documents it rendered, a few
 * KB), never a customer's 25 MB attachment that needs the activity's heartbeats. The outbox ledger
 * makes a local attempt that runs again (a lost worker, the workflow task's retry) send it at most once.
 * @example
 * const mail = mailStepsFor(PROCUREMENT_INLINE_STEPS_PATCH);
 * await mail().sendEmail({ messageId, threadId, from, to, subject, text });
 */
export function mailStepsFor(patchId: string): () => MailSteps {
  const remote: MailSteps = { sendEmail, sendReply };
  return () => (isPatched(patchId) ? localMail : remote);
}
