import type {
  AgentReplyState,
  ApprovalDecision,
  EmailAddress,
  EmailMessage,
  RoutedState,
  SupportFlowState,
  SupportIntent,
  SupportTurn,
} from '@org/orchestrator-contracts';
import { authenticatedSender, isSupportIntent } from '@org/orchestrator-contracts';
import type { FlowConfig } from '@org/orchestrator-activities';
import { autoReplyDecision } from '../auto-reply';
import { isSameCustomer } from '../customer';
import {
  agentEmail,
  approvalDecision,
  awaitApproval,
  awaitedNow,
  claimAutoReplySlot,
  decisionLinksFor,
  excerpt,
  inlineSteps,
  isPatched,
  loadFlowConfig,
  money,
  nowIso,
  policyText,
  replyLanguage,
  sendEmail,
  senderOf,
  sendReply,
  sendTextReply,
  upsertThreadAttributes,
} from '@org/orchestrator-thread-kit';
import type { ApprovalNotice, FlowContext, FlowOutcome, ThreadFlow } from '@org/orchestrator-thread-kit';
import { closeSupportTicket, lookupSupportFacts, supportAgents } from './activities';
import { foldLongConversation, turnRouting } from './conversation';
import { agentReplySlot, setAgentReplyHandler } from './agent-reply';
import { DRAFT_KEPT, agentAnswer, humanAnswer } from './human-answer';
import * as text from './messages';

/** Intents about the customer's own data: never answered to a sender the ingress could not authenticate. */
const ACCOUNT_INTENTS: readonly SupportIntent[] = ['order-status', 'refund-return', 'account'];
/** Customer data only for an authenticated sender; an unauthenticated one gets knowledge-base answers. */
const SENDER_POLICY_PATCH = 'support-sender-policy';
/** At most N automatic answers per thread and per sender within the window; beyond, a person answers. */
const AUTO_REPLY_LIMITS_PATCH = 'auto-reply-limits';
/** A trimmed copy of the customer's latest message: what the closing email replies to. */
const LAST_MESSAGE_TEXT = 2000;
/** References kept for the closing reply: as many as a reply carries (`MAX_REPLY_REFERENCES` of the email package). */
const LAST_MESSAGE_REFERENCES = 20;
/** Other senders remembered (the most recent ones): the list is shown and carried. */
const IGNORED_SENDERS_KEPT = 20;

/** A support thread's state once its first turn began (the contracts' `SupportFlowState`). */
export type SupportState = SupportFlowState;

/** A support thread's state: routed only, until its first turn. */
type SupportThreadState = RoutedState | SupportFlowState;

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

type Publish = (extra?: { amount?: number }) => void;

/**
 * One customer message: the thread waits for the answer `respond` gives (publishing each step),
 * then for the customer's next message until the quiet period ends.
 */
async function customerTurn(
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

/** Publishes the thread's search attributes from the support state. */
function publisher(state: SupportState, config: FlowConfig): Publish {
  return (extra: { amount?: number } = {}) =>
    upsertThreadAttributes(config, {
      flow: 'support',
      status: state.step,
      requester: state.customer,
      escalated: state.ticket !== undefined,
      slaBreached: state.sla?.breached ?? false,
      ...extra,
    });
}

/** The thread root and the most recent ancestors: the reply's `References` come out the same as from the whole list. */
function keptReferences(references: string[]): string[] {
  if (references.length <= LAST_MESSAGE_REFERENCES) return references;
  return [references[0] as string, ...references.slice(-(LAST_MESSAGE_REFERENCES - 1))];
}

/** After an answer: the thread waits for the customer, and closes after a quiet period. */
function awaitCustomer(message: EmailMessage, state: SupportState, config: FlowConfig, publish: Publish, outcome: FlowOutcome): FlowOutcome {
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
async function sendAcceptedReply(message: EmailMessage, state: SupportState, reply: ReceivedAgentReply, from: EmailAddress): Promise<FlowOutcome> {
  const { messageId } = await sendReply({ replyMessageId: reply.replyMessageId, message, from, text: reply.reply });
  const answered = { answeredBy: 'agent' as const, agent: reply.agent, replyMessageId: messageId, answerExcerpt: excerpt(reply.reply, 300) };
  state.turns.push({ messageId: message.messageId, at: nowIso(), intent: state.intent, excerpt: excerpt(message.text), ...answered });
  delete state.agentReply;
  return { action: 'answered-by-agent', replyMessageId: messageId };
}

/** A reply an agent gave (`submitAgentReply`), not sent yet. */
type ReceivedAgentReply = Extract<AgentReplyState, { status: 'received' }>;

/** The support state, which the thread's state object itself takes on at the first turn (the thread core holds this object). */
function supportState(context: FlowContext<SupportThreadState>, first: EmailMessage): SupportState {
  const state = context.state;
  if (state.step !== undefined) return state;
  const routing = state.routing;
  const started: Omit<SupportState, 'routing'> = {
    step: 'answering',
    customer: first.from.address.toLowerCase(),
    intent: routing?.intent ?? 'product-question',
    urgency: routing?.urgency ?? 'normal',
    sentiment: routing?.sentiment ?? 'neutral',
    turns: [],
  };
  return Object.assign(state, started);
}

async function answer(
  message: EmailMessage,
  context: FlowContext,
  state: SupportState,
  flows: FlowConfig,
  publish: Publish,
  from: EmailAddress,
  /** On a retry: the refund decision already taken for this message (the approver is not asked twice). */
  decided?: ApprovalDecision,
): Promise<FlowOutcome> {
  const config = flows.support;
  const routing = await turnRouting(message, context, state);
  const language = replyLanguage(routing.language);
  state.language = language;
  const turn: SupportTurn = { messageId: message.messageId, at: nowIso(), intent: routing.intent, excerpt: excerpt(message.text) };
  state.turns.push(turn);
  if (isSupportIntent(routing.intent)) state.intent = routing.intent;
  await foldLongConversation(context, state, config);

  const intent = isSupportIntent(routing.intent) ? routing.intent : undefined;
  const auto = (body: string, action?: string) => autoAnswer(message, context, state, flows, turn, body, action, publish, from);
  // The customer is who the ingress proved; an unproven sender gets no customer data at all.
  const customer = isPatched(SENDER_POLICY_PATCH) ? authenticatedSender(message) : state.customer;
  if (customer === undefined && !state.ticket && intent && ACCOUNT_INTENTS.includes(intent)) {
    turn.refusals = ['unauthenticated sender: no order, account or refund facts'];
    return auto(text.writeFromRegisteredAddress(message.from.name, language), 'answered-unauthenticated');
  }
  const facts = await lookupSupportFacts({
    threadId: context.threadId,
    ...(customer === undefined ? {} : { customer }),
    text: `${message.subject}\n${message.text}`,
    intent,
  });
  if (state.turns.length === 1 && facts.previousTicket) state.reopenedTicket = facts.previousTicket.id;
  if (state.ticket) return humanAnswer(message, context, state, config, turn, ['the conversation is with a person'], undefined, publish, from);

  const { output: draft, usage } = await supportAgents(flows).draftSupportAnswer({
    message: agentEmail(message),
    intent,
    facts: { order: facts.order, customer: facts.customer, articles: facts.articles },
    // Earlier turns hold our answers with the customer's facts: not for an unproven sender.
    conversation:
      customer === undefined
        ? { turns: [] }
        : { summary: state.summary, turns: state.turns.slice(0, -1).map((t) => ({ from: state.customer, text: t.excerpt })) },
  });
  context.recordAgentUsage(usage);

  const refund = intent === 'refund-return' && facts.order?.total !== undefined ? { amount: facts.order.total, currency: facts.order.currency } : undefined;
  const decision = autoReplyDecision(
    {
      intent: intent ?? 'product-question',
      sentiment: routing.sentiment,
      confidence: draft.confidence,
      refundAmount: refund?.amount,
      currency: typeof refund?.currency === 'string' ? refund.currency : undefined,
      text: `${message.subject}\n${message.text}`,
    },
    config.autoReply,
  );
  if (decision.allowed) return auto(draft.body);

  const onlyRefund = decision.needsRefundApproval && decision.refusals.every((r) => r.code.startsWith('refund-'));
  if (onlyRefund && refund) {
    state.step = 'awaiting-approval';
    const amount = money(refund.amount, String(refund.currency ?? config.autoReply.currency));
    publish({ amount: refund.amount });
    // Everything the rest of this handling needs, so a later run can resume it (see `resume`).
    state.refundRequest = {
      amount,
      reasons: decision.reasons,
      draft: draft.body.slice(0, DRAFT_KEPT),
      ...(facts.order?.id ? { orderId: facts.order.id } : {}),
    };
    const approval =
      decided ??
      (await awaitApproval(
        state,
        {
          subject: 'refund',
          amount: refund.amount,
          currency: String(refund.currency ?? config.autoReply.currency),
          reason: decision.reasons.join('; '),
          approver: config.refundApprovers.primary,
          escalateTo: config.refundApprovers.secondary,
          remindAfterMs: config.approvalRemindAfterMs,
          escalateAfterMs: config.approvalEscalateAfterMs,
          requestedBy: state.customer,
          ...(config.refundApprovalPolicy ? { policy: config.refundApprovalPolicy, policyCurrency: config.autoReply.currency } : {}),
        },
        refundNotifier(message, context, state, from),
        () => context.completionRequested,
        context.resumableWait,
      ));
    return refundDecided(message, context, state, flows, turn, publish, from, approval, draft.body);
  }
  return humanAnswer(message, context, state, config, turn, decision.reasons, draft.body, publish, from);
}

/** The emails of a refund approval (request, reminder, escalation), from the state alone. */
function refundNotifier(message: EmailMessage, context: FlowContext, state: SupportState, from: EmailAddress) {
  return async (notice: ApprovalNotice, to: string, _approval: unknown, key: string) => {
    const refund = state.refundRequest;
    const links = state.approval ? await decisionLinksFor(context.threadId, state.approval, to) : null;
    const { subject, text: body } = text.refundApprovalText(notice, {
      threadId: context.threadId,
      customer: state.customer,
      amount: refund?.amount ?? '',
      reason: (refund?.reasons ?? []).join('; '),
      orderId: refund?.orderId,
      links,
      policy: state.approval ? policyText(state.approval) : '',
    });
    state.awaiting = { who: state.approval ? awaitedNow(state.approval, to) : [to], what: 'refund approval', since: nowIso() };
    await sendEmail({
      messageId: context.outboundMessageId(`refund-approval-${key}:${message.messageId}`),
      threadId: context.threadId,
      from,
      to: [{ address: to }],
      subject,
      text: body,
    });
  };
}

/** The refund was decided (or the thread asked to complete): the approved answer goes out, a rejection goes to a person. */
async function refundDecided(
  message: EmailMessage,
  context: FlowContext,
  state: SupportState,
  flows: FlowConfig,
  turn: SupportTurn,
  publish: () => void,
  from: EmailAddress,
  approval: ApprovalDecision | undefined,
  draft: string,
): Promise<FlowOutcome> {
  const refund = state.refundRequest ?? { amount: '', reasons: [] };
  delete state.awaiting;
  delete state.refundRequest;
  if (!approval) return { action: 'held-for-human' };
  if (approval.decision === 'approved') {
    turn.refusals = refund.reasons;
    return autoAnswer(
      message,
      context,
      state,
      flows,
      turn,
      text.refundApproved(draft, refund.amount, replyLanguage(state.language)),
      'answered-refund-approved',
      publish,
      from,
    );
  }
  return humanAnswer(message, context, state, flows.support, turn, [...refund.reasons, `refund rejected by ${approval.approver}`], draft, publish, from);
}

/**
 * Sends an automatic answer within the limits: at most `trust.autoReplies.perThread` per thread and
 * `perSender` per sender (a durable claim across threads) within `windowMs`. Beyond a limit no
 * automatic answer goes out: a person answers (ticket, notice, SLA).
 */
async function autoAnswer(
  message: EmailMessage,
  context: FlowContext,
  state: SupportState,
  flows: FlowConfig,
  turn: SupportTurn,
  body: string,
  action: string | undefined,
  publish: () => void,
  from: EmailAddress,
): Promise<FlowOutcome> {
  const limits = flows.trust?.autoReplies;
  if (limits && isPatched(AUTO_REPLY_LIMITS_PATCH)) {
    const since = Date.now() - limits.windowMs;
    const recent = (state.autoReplies ?? []).filter((at) => Date.parse(at) > since);
    const window = `${Math.round((limits.windowMs / 3_600_000) * 100) / 100}h`;
    let refusal: string | undefined;
    if (recent.length >= limits.perThread) refusal = `automatic-reply limit reached: ${limits.perThread} per thread per ${window}`;
    else {
      const slot = await claimAutoReplySlot({ sender: message.from.address, messageId: message.messageId, limit: limits.perSender, windowMs: limits.windowMs });
      if (!slot.granted) refusal = `automatic-reply limit reached: ${limits.perSender} per sender per ${window}`;
    }
    if (refusal) return humanAnswer(message, context, state, flows.support, turn, [refusal], body, publish, from);
    state.autoReplies = [...recent, nowIso()];
  }
  return sendAnswer(message, context, turn, body, 'auto', from, action);
}

async function sendAnswer(
  message: EmailMessage,
  context: FlowContext,
  turn: SupportTurn,
  body: string,
  by: 'auto' | 'agent',
  from: EmailAddress,
  action = 'answered',
): Promise<FlowOutcome> {
  const { messageId } = await sendTextReply({ replyMessageId: context.outboundMessageId(`answer:${message.messageId}`), message, from, text: body });
  Object.assign(turn, { answeredBy: by, replyMessageId: messageId, answerExcerpt: excerpt(body, 300) });
  return { action, replyMessageId: messageId };
}
