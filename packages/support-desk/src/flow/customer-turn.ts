import type { AgentReplyState, EmailAddress, EmailMessage } from '@org/orchestrator-contracts';
import type { FlowConfig } from '@org/orchestrator-activities';
import { isSameCustomer } from '../customer';
import { excerpt, inlineSteps, nowIso, senderOf, sendReply } from '@org/orchestrator-thread-kit';
import type { FlowContext, FlowOutcome } from '@org/orchestrator-thread-kit';
import type { Publish, SupportState, SupportThreadState } from './support-state';
import { publisher, supportState } from './support-state';

/** A trimmed copy of the customer's latest message: what the closing email replies to. */
const LAST_MESSAGE_TEXT = 2000;
/** References kept for the closing reply: as many as a reply carries (`MAX_REPLY_REFERENCES` of the email package). */
const LAST_MESSAGE_REFERENCES = 20;
/** Other senders remembered (the most recent ones): the list is shown and carried. */
const IGNORED_SENDERS_KEPT = 20;

/**
 * One customer message: the thread waits for the answer `respond` gives (publishing each step),
 * then for the customer's next message until the quiet period ends.
 */
export async function customerTurn(
  message: EmailMessage,
  context: FlowContext<SupportThreadState>,
  respond: (state: SupportState, config: FlowConfig, publish: Publish, from: EmailAddress) => Promise<FlowOutcome>,
): Promise<FlowOutcome> {
  const state = supportState(context, message);
  if (state.step === 'closed') return { action: 'recorded' };
  if (!isSameCustomer(state.customer, message.from.address)) {
    // Someone else on the thread (a colleague, a forward, a spoofer): never answered as the customer.
    state.ignoredSenders = [...new Set([...(state.ignoredSenders ?? []), message.from.address.toLowerCase()])].slice(-IGNORED_SENDERS_KEPT);
    return { action: 'not-customer' };
  }
  const config = await context.loadFlowConfig();
  const publish = publisher(state, config);
  state.step = 'answering';
  delete state.closeAt;
  delete state.awaiting;
  // A turn whose agents answer inline runs in one workflow task: nobody could see 'answering', so
  // the attributes are upserted once, when the turn ends (or the flow waits for someone).
  if (!(config.agentsInline === true && inlineSteps())) publish();
  const outcome = await respond(state, config, publish, senderOf(config.mailboxes, 'support', message));
  return awaitCustomer(message, state, config, publish, outcome);
}

/** The thread root and the most recent ancestors: the reply's `References` come out the same as from the whole list. */
function keptReferences(references: string[]): string[] {
  if (references.length <= LAST_MESSAGE_REFERENCES) return references;
  return [references[0] as string, ...references.slice(-(LAST_MESSAGE_REFERENCES - 1))];
}

/** After an answer: the thread waits for the customer, and closes after a quiet period. */
export function awaitCustomer(message: EmailMessage, state: SupportState, config: FlowConfig, publish: Publish, outcome: FlowOutcome): FlowOutcome {
  state.step = 'awaiting-customer';
  // Only what the closing reply needs: its threading (the newest references) and a short text; the
  // state is shown and carried, and a sender chooses how many recipients and references a mail has.
  state.lastCustomerMessage = {
    ...message,
    text: message.text.slice(0, LAST_MESSAGE_TEXT),
    html: undefined,
    attachments: [],
    to: message.to.slice(0, 5),
    cc: [],
    references: keptReferences(message.references),
  };
  state.closeAt = new Date(Date.now() + config.support.closeAfterSilenceMs).toISOString();
  state.awaiting = { who: [state.customer], what: 'the customer’s reply', since: nowIso(), until: state.closeAt };
  publish();
  return outcome;
}

/** Sends the reply an agent gave for `message` (accepted before, or while the thread was held). */
export async function sendAcceptedReply(message: EmailMessage, state: SupportState, reply: ReceivedAgentReply, from: EmailAddress): Promise<FlowOutcome> {
  const { messageId } = await sendReply({ replyMessageId: reply.replyMessageId, message, from, text: reply.reply });
  const answered = { answeredBy: 'agent' as const, agent: reply.agent, replyMessageId: messageId, answerExcerpt: excerpt(reply.reply, 300) };
  state.turns.push({ messageId: message.messageId, at: nowIso(), intent: state.intent, excerpt: excerpt(message.text), ...answered });
  delete state.agentReply;
  return { action: 'answered-by-agent', replyMessageId: messageId };
}

/** A reply an agent gave (`submitAgentReply`), not sent yet. */
type ReceivedAgentReply = Extract<AgentReplyState, { status: 'received' }>;
