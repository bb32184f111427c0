import type { ApprovalDecision, EmailAddress, EmailMessage, SupportIntent, SupportTurn } from '@org/orchestrator-contracts';
import { authenticatedSender, isSupportIntent } from '@org/orchestrator-contracts';
import type { FlowConfig } from '@org/orchestrator-activities';
import { autoReplyDecision } from '../auto-reply';
import { agentEmail, awaitApproval, excerpt, isPatched, money, nowIso, replyLanguage } from '@org/orchestrator-thread-kit';
import type { FlowContext, FlowOutcome } from '@org/orchestrator-thread-kit';
import { lookupSupportFacts, supportAgents } from './activities';
import { autoAnswer } from './auto-answer';
import { foldLongConversation, turnRouting } from './conversation';
import { DRAFT_KEPT, humanAnswer } from './human-answer';
import * as text from './messages';
import { refundDecided, refundNotifier } from './refund-approval';
import type { Publish, SupportState } from './support-state';

/** Intents about the customer's own data: never answered to a sender the ingress could not authenticate. */
const ACCOUNT_INTENTS: readonly SupportIntent[] = ['order-status', 'refund-return', 'account'];
/** Customer data only for an authenticated sender; an unauthenticated one gets knowledge-base answers. */
const SENDER_POLICY_PATCH = 'support-sender-policy';

/** A customer message answered: classified, facts looked up, an answer drafted; policy decides whether it goes out automatically, after a refund approval, or from a person. */
export async function answer(
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
