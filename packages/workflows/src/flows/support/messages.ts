import type { EmailMessage } from '@org/orchestrator-contracts';
import { excerpt, greeting } from '../shared';
import type { DecisionLinks } from '../../approval/approval';
import { decisionLinkText } from '../../approval/approval';

const SIGNATURE = '\n\nCustomer Support team';

export function refundApproved(body: string, amount: string): string {
  return `${body.trimEnd()}\n\nGood news: your refund of ${amount} has been approved and will be processed in the next few days.`;
}

/**
 * The answer to an unauthenticated sender asking about an order, an account or a refund: no facts,
 * only how to get them (a forged `From:` learns nothing, the real customer learns what to do).
 */
export function writeFromRegisteredAddress(name: string | undefined): string {
  return (
    `${greeting(name)}\n\nThank you for your message. For your security we can only discuss orders, accounts and refunds ` +
    `in emails we can verify as coming from the address registered with us, and we could not verify this one. ` +
    `Please write to us again from your registered email address (not forwarded, and not through a mailing list), ` +
    `and we will be glad to help.${SIGNATURE}`
  );
}

export function closingText(name: string | undefined): string {
  return `${greeting(name)}\n\nWe have not heard back from you, so we are closing this conversation. If there is anything else, just reply to this email and we will pick it up again.${SIGNATURE}`;
}

export function agentNotice(input: {
  threadId: string;
  ticketId: string;
  message: EmailMessage;
  reasons: string[];
  draft?: string;
  slaDeadline: string;
  breached?: boolean;
}): { subject: string; text: string } {
  const { threadId, ticketId, message, reasons, draft, slaDeadline, breached } = input;
  const intro = breached
    ? `The first-response deadline (${slaDeadline}) has passed without an answer: please take over or reassign ticket ${ticketId}.`
    : `Ticket ${ticketId} needs an answer from a person by ${slaDeadline}.`;
  const text =
    `${intro}\n\nWhy it was not answered automatically:\n${reasons.map((r) => `- ${r}`).join('\n') || '- the thread is with a person'}\n\n` +
    `From ${message.from.address}, received ${message.receivedAt}:\n\n${excerpt(message.text, 3000)}\n\n` +
    (draft ? `Suggested draft (not sent):\n\n${draft}\n\n` : '') +
    `Reply to the customer with:\n  orchestrator reply ${threadId} --as <your address> --text "…"\n`;
  return { subject: `${breached ? '[SLA breached] ' : ''}[${ticketId}] ${message.subject}`.slice(0, 998), text };
}

export function refundApprovalText(notice: 'request' | 'reminder' | 'escalation', input: { threadId: string; customer: string; amount: string; reason: string; orderId?: string; links?: DecisionLinks }): { subject: string; text: string } {
  const prefix = notice === 'request' ? 'Refund approval needed' : notice === 'reminder' ? 'Reminder: refund approval needed' : 'Escalated: refund approval needed';
  const text =
    (notice === 'escalation' ? 'The first approver has not answered, so this refund now comes to you.\n\n' : '') +
    `${input.customer} asks for a refund of ${input.amount}${input.orderId ? ` for order ${input.orderId}` : ''}.\n` +
    `Why approval is needed: ${input.reason}\n\n` +
    decisionLinkText(input.links ?? null) +
    `Approve:  orchestrator approve ${input.threadId} --refund --as <your address>\n` +
    `Reject:   orchestrator reject ${input.threadId} --refund --as <your address> --comment "why"\n`;
  return { subject: `[${prefix}] ${input.amount} for ${input.customer}`, text };
}
