import type { EmailAddress, EmailMessage, SupportTurn } from '@org/orchestrator-contracts';
import type { FlowConfig } from '@org/orchestrator-activities';
import { claimAutoReplySlot, excerpt, isPatched, nowIso, sendTextReply } from '@org/orchestrator-thread-kit';
import type { FlowContext, FlowOutcome } from '@org/orchestrator-thread-kit';
import { humanAnswer } from './human-answer';
import type { SupportState } from './support-state';

/** At most N automatic answers per thread and per sender within the window; beyond, a person answers. */
const AUTO_REPLY_LIMITS_PATCH = 'auto-reply-limits';

/**
 * Sends an automatic answer within the limits: at most `trust.autoReplies.perThread` per thread and
 * `perSender` per sender (a durable claim across threads) within `windowMs`. Beyond a limit no
 * automatic answer goes out: a person answers (ticket, notice, SLA).
 */
export async function autoAnswer(
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

export async function sendAnswer(
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
