import type { ApprovalDecision, EmailAddress, EmailMessage, SupportTurn } from '@org/orchestrator-contracts';
import type { FlowConfig } from '@org/orchestrator-activities';
import { awaitedNow, decisionLinksFor, nowIso, policyText, replyLanguage, sendEmail } from '@org/orchestrator-thread-kit';
import type { ApprovalNotice, FlowContext, FlowOutcome } from '@org/orchestrator-thread-kit';
import { autoAnswer } from './auto-answer';
import { humanAnswer } from './human-answer';
import * as text from './messages';
import type { SupportState } from './support-state';

/** The emails of a refund approval (request, reminder, escalation), from the state alone. */
export function refundNotifier(message: EmailMessage, context: FlowContext, state: SupportState, from: EmailAddress) {
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
export async function refundDecided(
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
