import type { EmailAddress, EmailMessage, ProcurementFlowState } from '@org/orchestrator-contracts';
import { authenticatedSender } from '@org/orchestrator-contracts';
import type { ProcurementConfig } from '../config';
import { agentEmail, isPatched, sendReply, threadLanguage } from '@org/orchestrator-thread-kit';
import type { FlowContext } from '@org/orchestrator-thread-kit';
import { procurementAgents } from './activities';
import * as text from './messages';
import type { ExtractedRequest } from './request';
import { mergeRequest, missingEssentials } from './request';

/** After `maxClarifications` questions the requester is asked no more: a person takes over. */
const CLARIFICATION_LIMIT_PATCH = 'requester-clarification-limit';
/** The wait for missing details can be resumed in a later run of the thread (threads started before wait in one run). */
export const RESUMABLE_INFORMATION_PATCH = 'resumable-information';

/**
 * The purchase request an agent reads from `message`; its cost is added to the thread's totals.
 * Inline when the thread's configuration (loaded before) says the agents answer in-process.
 */
export async function extract(message: EmailMessage, context: FlowContext): Promise<ExtractedRequest> {
  const { output, usage } = await procurementAgents(context.flowConfig).extractPurchaseRequest(agentEmail(message));
  context.recordAgentUsage(usage);
  return output;
}

/** Where the wait for missing details stands (`ProcurementFlowState.information`). */
type InformationWait = NonNullable<ProcurementFlowState['information']>;

/**
 * Asks the requester for what is missing and waits for their answers: a reminder after
 * `informationReminderAfterMs`, give up at `informationDeadlineMs`. Messages from others on the
 * thread (and, under the sender policy, unauthenticated ones) are recorded, not read as the
 * requester's answer. Returns the completed request, `'limit'` when `maxClarifications` questions
 * (reminders not counted) were not enough, or `undefined` when the deadline passed. `resumable`
 * (new threads): the wait may suspend the handling; {@link resumeInformation} goes on with it.
 */
export async function awaitInformation(
  first: EmailMessage,
  context: FlowContext,
  state: ProcurementFlowState,
  request: ExtractedRequest,
  config: ProcurementConfig,
  published: () => void,
  from: EmailAddress,
  resumable = false,
): Promise<ExtractedRequest | 'limit' | undefined> {
  state.step = 'awaiting-information';
  published();
  const start = Date.now();
  const wait: InformationWait = {
    asked: 0,
    questions: 0,
    reminded: false,
    since: new Date(start).toISOString(),
    remindAt: new Date(start + config.informationReminderAfterMs).toISOString(),
    deadline: new Date(start + config.informationDeadlineMs).toISOString(),
  };
  if (limitReached(wait, config)) return 'limit';
  state.information = wait;
  await ask(first, context, state, wait, request, from, false);
  return informationReplies(first, context, state, wait, request, config, from, resumable);
}

/** Goes on waiting for the requester's details in a run after the one that asked (from `state.information`). */
export async function resumeInformation(first: EmailMessage, context: FlowContext, state: ProcurementFlowState, config: ProcurementConfig, from: EmailAddress) {
  const { information: wait, request } = state;
  if (!wait || !request) throw new Error('procurement cannot resume the information wait: nothing in the state');
  return informationReplies(first, context, state, wait, request, config, from, true);
}

function limitReached(wait: InformationWait, config: ProcurementConfig): boolean {
  return wait.questions >= config.maxClarifications && isPatched(CLARIFICATION_LIMIT_PATCH);
}

async function ask(
  first: EmailMessage,
  context: FlowContext,
  state: ProcurementFlowState,
  wait: InformationWait,
  request: ExtractedRequest,
  from: EmailAddress,
  reminder: boolean,
): Promise<void> {
  wait.asked += 1;
  if (!reminder) wait.questions += 1;
  await sendReply({
    replyMessageId: context.outboundMessageId(`ask-information:${wait.asked}`),
    message: first,
    from,
    text: text.askForInformation(missingEssentials(request), reminder, threadLanguage(state)),
  });
}

async function informationReplies(
  first: EmailMessage,
  context: FlowContext,
  state: ProcurementFlowState,
  wait: InformationWait,
  request: ExtractedRequest,
  config: ProcurementConfig,
  from: EmailAddress,
  resumable: boolean,
): Promise<ExtractedRequest | 'limit' | undefined> {
  const deadline = Date.parse(wait.deadline);
  const done = (result?: ExtractedRequest | 'limit') => {
    delete state.awaiting;
    delete state.information;
    return result;
  };
  for (;;) {
    const wakeAt = wait.reminded ? deadline : Math.min(Date.parse(wait.remindAt), deadline);
    state.awaiting = {
      who: [state.requester],
      what: `missing details: ${missingEssentials(request).join(', ')}`,
      since: wait.since,
      until: new Date(wakeAt).toISOString(),
    };
    const reply = await context.nextMessage(wakeAt - Date.now(), { resumable });
    if (!reply) {
      if (Date.now() < wakeAt) return undefined; // the thread was asked to complete
      if (Date.now() >= deadline) {
        await sendReply({
          replyMessageId: context.outboundMessageId('request-abandoned'),
          message: first,
          from,
          text: text.requestAbandoned(threadLanguage(state)),
        });
        return done();
      }
      wait.reminded = true;
      await ask(first, context, state, wait, request, from, true);
      continue;
    }
    const fromRequester = state.senderPolicy
      ? authenticatedSender(reply) === state.requester
      : reply.from.address.toLowerCase() === state.requester.toLowerCase();
    if (!fromRequester) {
      const forged = state.senderPolicy && reply.from.address.toLowerCase() === state.requester;
      await context.handled(reply, { action: forged ? 'ignored: unauthenticated' : 'recorded' });
      continue;
    }
    request = mergeRequest(request, await extract(reply, context));
    state.request = request;
    if (request.missing.length === 0) {
      await context.handled(reply, { action: 'information-received' });
      return done(request);
    }
    await context.handled(reply, { action: 'information-incomplete' });
    if (limitReached(wait, config)) return done('limit');
    await ask(first, context, state, wait, request, from, false);
  }
}
