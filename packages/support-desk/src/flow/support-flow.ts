import { approvalDecision, excerpt, loadFlowConfig, nowIso, replyLanguage, senderOf, sendReply, upsertThreadAttributes } from '@org/orchestrator-thread-kit';
import type { FlowOutcome, ThreadFlow } from '@org/orchestrator-thread-kit';
import { closeSupportTicket } from './activities';
import { agentReplySlot, setAgentReplyHandler } from './agent-reply';
import { answer } from './answer';
import { awaitCustomer, customerTurn, sendAcceptedReply } from './customer-turn';
import { agentAnswer } from './human-answer';
import * as text from './messages';
import { refundDecided, refundNotifier } from './refund-approval';
import type { SupportThreadState } from './support-state';
import { publisher } from './support-state';

// The package root exports the flow and its state from here.
export type { SupportState } from './support-state';

/**
 * Customer Support: a multi-turn conversation. Each customer message is classified, facts are
 * looked up, and an answer is drafted; policy code decides whether it may go out automatically.
 * Otherwise a person answers (ticket, notice, `submitAgentReply` update, first-response SLA with
 * escalation to a supervisor on breach); refunds above the limit go through the shared approval.
 * Between messages the thread waits for the customer and closes after a quiet period; a later
 * reply starts a new run of the same thread id. The agent and refund waits are resumable: a thread
 * that continues as new while it waits goes on waiting in the next run (`resume`).
 */
export const supportFlow: ThreadFlow<SupportThreadState> = {
  name: 'support',
  /** `submitAgentReply`: a person's answer to the customer, accepted while a support turn waits for one. */
  setHandlers(thread) {
    setAgentReplyHandler(
      () => agentReplySlot(thread.flowState()),
      (step) => thread.outboundMessageId(step),
      thread.admit,
    );
  },
  handleMessage(message, context) {
    return customerTurn(message, context, (state, config, publish, from) => answer(message, context, state, config, publish, from));
  },

  /** Goes on waiting for the agent's reply or the refund decision a previous run suspended. */
  async resume(message, context) {
    const state = context.state;
    if (state.step === undefined) throw new Error('support cannot resume a handling before its first turn');
    const config = context.flowConfig ?? (await context.loadFlowConfig());
    const publish = publisher(state, config);
    const from = senderOf(config.mailboxes, 'support', message);
    const turn = state.turns.find((t) => t.messageId === message.messageId) ?? {
      messageId: message.messageId,
      at: nowIso(),
      intent: state.intent,
      excerpt: excerpt(message.text),
    };
    let outcome: FlowOutcome;
    if (state.step === 'awaiting-approval') {
      const approval = await approvalDecision(state, refundNotifier(message, context, state, from), () => context.completionRequested, context.resumableWait);
      outcome = await refundDecided(message, context, state, config, turn, publish, from, approval, state.refundRequest?.draft ?? '');
    } else if (state.step === 'awaiting-agent') {
      outcome = await agentAnswer(message, context, state, config.support, turn, publish, from);
    } else {
      throw new Error(`support cannot resume a handling at step ${state.step}`);
    }
    return awaitCustomer(message, state, config, publish, outcome);
  },

  /**
   * The failed turn from its start (classify, look up, draft, policy): its partial record is
   * dropped, a refund decided for it is not asked again, and an agent's reply accepted for it is
   * sent as it is. Mail already sent for the turn is not sent twice (same Message-IDs).
   */
  retryMessage(message, context) {
    const state = context.state.step === undefined ? undefined : context.state;
    const partial = state?.turns.find((t) => t.messageId === message.messageId);
    if (partial && state) state.turns = state.turns.filter((t) => t !== partial);
    const reply = state?.agentReply?.forMessageId === message.messageId ? state.agentReply : undefined;
    if (reply?.status === 'received') return customerTurn(message, context, (s, _config, _publish, from) => sendAcceptedReply(message, s, reply, from));
    if (state && reply?.forFailedStep) delete state.agentReply;
    const approval = state?.approval;
    const decided =
      partial && approval?.subject === 'refund' && approval.decision && Date.parse(approval.requestedAt) >= Date.parse(partial.at)
        ? approval.decision
        : undefined;
    return customerTurn(message, context, (s, config, publish, from) => answer(message, context, s, config, publish, from, decided));
  },

  /** While the failed turn waits for a person, an agent may answer it (`submitAgentReply`) instead of a retry. */
  onMessageFailed(message, context, config) {
    const state = context.state;
    if (state.step === undefined) return;
    state.step = 'needs-human';
    delete state.closeAt;
    const reply = state.agentReply;
    if (reply?.status === 'received' && reply.forMessageId === message.messageId) {
      delete reply.forFailedStep; // its sending failed: a person retries, it is not resent by itself
    } else {
      const agents = [...config.support.agents, config.support.supervisor];
      state.agentReply = { status: 'awaiting', agents, since: nowIso(), forMessageId: message.messageId, forFailedStep: true };
    }
    state.awaiting = { who: state.agentReply?.agents ?? [], what: 'an agent reply, or a retry of the failed step', since: nowIso() };
  },

  decidedWhileHeld(context) {
    const reply = context.state.step === undefined ? undefined : context.state.agentReply;
    return reply?.status === 'received' && reply.forFailedStep ? reply.agent : undefined;
  },

  idleUntil(context) {
    const state = context.state;
    return state.step === 'awaiting-customer' && state.closeAt ? Date.parse(state.closeAt) : undefined;
  },

  async onIdle(context) {
    const state = context.state;
    if (state.step === undefined) throw new Error('support has no conversation to close before its first turn');
    const config = await loadFlowConfig();
    if (state.lastCustomerMessage) {
      await sendReply({
        replyMessageId: context.outboundMessageId(`closing:${state.lastCustomerMessage.messageId}`),
        message: state.lastCustomerMessage,
        from: senderOf(config.mailboxes, 'support', state.lastCustomerMessage),
        text: text.closingText(state.lastCustomerMessage.from.name, replyLanguage(state.language)),
      });
    }
    if (state.ticket) await closeSupportTicket({ ticketId: state.ticket.id, resolution: 'closed after customer silence' });
    state.step = 'closed';
    delete state.awaiting;
    delete state.closeAt;
    upsertThreadAttributes(config, { status: 'closed' });
    context.complete('support conversation closed after silence');
  },
};
