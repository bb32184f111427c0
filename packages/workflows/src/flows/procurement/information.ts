import { patched } from '@temporalio/workflow';
import type { EmailAddress, EmailMessage, ProcurementFlowState } from '@org/orchestrator-contracts';
import { authenticatedSender } from '@org/orchestrator-contracts';
import type { FlowConfig } from '@org/orchestrator-activities';
import { extractPurchaseRequest, sendReply } from '../../activities';
import type { FlowContext } from '../thread-flow';
import { agentEmail } from '../shared';
import * as text from './messages';
import type { ExtractedRequest } from './request';
import { mergeRequest, missingEssentials } from './request';

/** After `maxClarifications` questions the requester is asked no more: a person takes over. */
const CLARIFICATION_LIMIT_PATCH = 'requester-clarification-limit';

/** The purchase request an agent reads from `message`; its cost is added to the thread's totals. */
export async function extract(message: EmailMessage, context: FlowContext): Promise<ExtractedRequest> {
  const { output, usage } = await extractPurchaseRequest(agentEmail(message));
  context.recordAgentUsage(usage);
  return output;
}

/**
 * Asks the requester for what is missing and waits for their answers: a reminder after
 * `informationReminderAfterMs`, give up at `informationDeadlineMs`. Messages from others on the
 * thread (and, under the sender policy, unauthenticated ones) are recorded, not read as the
 * requester's answer. Returns the completed request, `'limit'` when `maxClarifications` questions
 * (reminders not counted) were not enough, or `undefined` when the deadline passed.
 */
export async function awaitInformation(
  first: EmailMessage,
  context: FlowContext,
  state: ProcurementFlowState,
  request: ExtractedRequest,
  config: FlowConfig['procurement'],
  published: () => void,
  from: EmailAddress,
): Promise<ExtractedRequest | 'limit' | undefined> {
  state.step = 'awaiting-information';
  published();
  const start = Date.now();
  const remindAt = start + config.informationReminderAfterMs;
  const deadline = start + config.informationDeadlineMs;
  let asked = 0;
  let questions = 0;
  const limitReached = () => questions >= config.maxClarifications && patched(CLARIFICATION_LIMIT_PATCH);
  const ask = async (reminder: boolean) => {
    asked += 1;
    if (!reminder) questions += 1;
    await sendReply({ replyMessageId: context.outboundMessageId(`ask-information:${asked}`), message: first, from, text: text.askForInformation(missingEssentials(request), reminder) });
  };
  if (limitReached()) return 'limit';
  await ask(false);
  let reminded = false;
  for (;;) {
    const wakeAt = reminded ? deadline : Math.min(remindAt, deadline);
    state.awaiting = { who: [state.requester], what: `missing details: ${missingEssentials(request).join(', ')}`, since: new Date(start).toISOString(), until: new Date(wakeAt).toISOString() };
    const reply = await context.nextMessage(wakeAt - Date.now());
    if (!reply) {
      if (Date.now() < wakeAt) return undefined; // the thread was asked to complete
      if (Date.now() >= deadline) {
        await sendReply({ replyMessageId: context.outboundMessageId('request-abandoned'), message: first, from, text: text.requestAbandoned() });
        delete state.awaiting;
        return undefined;
      }
      reminded = true;
      await ask(true);
      continue;
    }
    const fromRequester = state.senderPolicy ? authenticatedSender(reply) === state.requester : reply.from.address.toLowerCase() === state.requester.toLowerCase();
    if (!fromRequester) {
      const forged = state.senderPolicy && reply.from.address.toLowerCase() === state.requester;
      await context.handled(reply, { action: forged ? 'ignored: unauthenticated' : 'recorded' });
      continue;
    }
    request = mergeRequest(request, await extract(reply, context));
    state.request = request;
    if (request.missing.length === 0) {
      await context.handled(reply, { action: 'information-received' });
      delete state.awaiting;
      return request;
    }
    await context.handled(reply, { action: 'information-incomplete' });
    if (limitReached()) {
      delete state.awaiting;
      return 'limit';
    }
    await ask(false);
  }
}
