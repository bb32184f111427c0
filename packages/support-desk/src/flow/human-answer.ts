import type { EmailAddress, EmailMessage, SupportTurn } from '@org/orchestrator-contracts';
import { urgencySchema } from '@org/orchestrator-contracts';
import type { SupportConfig } from '../config';
import { slaDeadline } from '../sla';
import { excerpt, nowIso, sendEmail, sendReply } from '@org/orchestrator-thread-kit';
import type { FlowContext, FlowOutcome } from '@org/orchestrator-thread-kit';
import { openSupportTicket } from './activities';
import * as text from './messages';
import type { SupportState } from './support-state';

/** Drafts kept in the state for a resumed handling (the agent notice, the approved refund's answer). */
export const DRAFT_KEPT = 16_000;

/**
 * Hands the message to a person: a ticket (once per thread), a notice to the assignee, and a wait
 * for `submitAgentReply` with the first-response SLA; on breach the supervisor is told and the
 * thread is marked, and the wait goes on (the customer still needs an answer).
 */
export async function humanAnswer(
  message: EmailMessage,
  context: FlowContext,
  state: SupportState,
  config: SupportConfig,
  turn: SupportTurn,
  reasons: string[],
  draft: string | undefined,
  publish: () => void,
  from: EmailAddress,
): Promise<FlowOutcome> {
  turn.refusals = reasons;
  // A state carried from an older run may hold something else: such a thread is served as `normal`.
  const urgency = urgencySchema.safeParse(state.urgency).data ?? 'normal';
  if (!state.ticket) {
    const assignee = config.agents[0] ?? config.supervisor;
    const ticket = await openSupportTicket({
      threadId: context.threadId,
      customerEmail: state.customer,
      subject: message.subject,
      reason: reasons.join('; ') || 'needs a person',
      priority: urgency,
      assignee,
    });
    state.ticket = { id: ticket.id, assignee, reason: reasons.join('; '), createdAt: nowIso() };
  }
  const deadline = slaDeadline(nowIso(), urgency, config.sla);
  state.sla = { deadline, breached: false };
  state.agentReply = {
    status: 'awaiting',
    agents: [...config.agents, config.supervisor],
    since: nowIso(),
    forMessageId: message.messageId,
    ...(draft !== undefined ? { draft: draft.slice(0, DRAFT_KEPT) } : {}),
  };
  state.step = 'awaiting-agent';
  state.awaiting = { who: [state.ticket.assignee], what: 'an agent reply', since: nowIso(), until: deadline };
  publish();
  await agentNotice(message, context, state, reasons, draft, false, state.ticket.assignee, from);
  return agentAnswer(message, context, state, config, turn, publish, from, draft);
}

/** The notice to the assignee (or, on an SLA breach, to the supervisor) about the message awaiting a person. */
function agentNotice(
  message: EmailMessage,
  context: FlowContext,
  state: SupportState,
  reasons: string[],
  draft: string | undefined,
  breached: boolean,
  to: string,
  from: EmailAddress,
) {
  const { subject, text: body } = text.agentNotice({
    threadId: context.threadId,
    ticketId: state.ticket?.id ?? '',
    message,
    reasons,
    draft,
    slaDeadline: state.sla?.deadline ?? '',
    breached,
    ...(context.flowConfig?.inboxUrl ? { inboxUrl: context.flowConfig.inboxUrl } : {}),
  });
  return sendEmail({
    messageId: context.outboundMessageId(`${breached ? 'sla-breach' : 'agent-notice'}:${message.messageId}`),
    threadId: context.threadId,
    from,
    to: [{ address: to }],
    subject,
    text: body,
  });
}

/**
 * Waits for `submitAgentReply` with the first-response SLA (from `state.sla`, so a resumed run
 * re-arms it from its deadline); on breach the supervisor is told and the thread is marked, and the
 * wait goes on (the customer still needs an answer). Then sends the reply.
 */
export async function agentAnswer(
  message: EmailMessage,
  context: FlowContext,
  state: SupportState,
  config: SupportConfig,
  turn: SupportTurn,
  publish: () => void,
  from: EmailAddress,
  draft: string | undefined = state.agentReply?.draft,
): Promise<FlowOutcome> {
  const sla = state.sla ?? { deadline: nowIso(), breached: false };
  const assignee = state.ticket?.assignee ?? config.supervisor;
  // A thread asked to complete stops waiting; its ticket stays open for the person.
  const replied = () => state.agentReply?.status === 'received' || context.completionRequested;
  if (sla.breached) await context.resumableWait(replied);
  else if (!(await context.resumableWait(replied, Math.max(1, Date.parse(sla.deadline) - Date.now())))) {
    sla.breached = true;
    sla.escalatedTo = config.supervisor;
    state.awaiting = { who: [assignee, config.supervisor], what: 'an agent reply (SLA breached)', since: state.awaiting?.since ?? nowIso() };
    publish();
    await agentNotice(message, context, state, turn.refusals ?? [], draft, true, config.supervisor, from);
    await context.resumableWait(replied);
  }
  if (state.agentReply?.status !== 'received') {
    delete state.agentReply;
    delete state.awaiting;
    return { action: 'held-for-human' };
  }
  const reply = state.agentReply;
  delete state.awaiting;
  const { messageId } = await sendReply({ replyMessageId: reply.replyMessageId, message, from, text: reply.reply });
  delete state.agentReply; // kept until sent: a retry after a failed send sends it (see `retryMessage`)
  Object.assign(turn, { answeredBy: 'agent', agent: reply.agent, replyMessageId: messageId, answerExcerpt: excerpt(reply.reply, 300) });
  return { action: 'answered-by-agent', replyMessageId: messageId };
}
