import type { EmailMessage, FlowName } from '@org/orchestrator-contracts';

/** The kinds of reply the thread workflow can ask for before the flows have their own. */
export const REPLY_KINDS = ['acknowledgement', 'holding'] as const;
export type ReplyKind = (typeof REPLY_KINDS)[number];

// The flows that send the standard texts; any other flow signs as the orchestrator.
const TEAM: Partial<Record<FlowName, string>> & { unknown: string } = {
  procurement: 'Purchasing team',
  support: 'Customer Support team',
  unknown: 'Agent Orchestrator',
};

/** Plain-text body of an automatic reply. */
export function composeReplyText(kind: ReplyKind, flow: FlowName, message: EmailMessage): string {
  const greeting = message.from.name ? `Hello ${message.from.name},` : 'Hello,';
  const body =
    kind === 'holding'
      ? 'Thank you for your message. It has reached us, and a member of our team will read it and get back to you.'
      : flow === 'procurement'
        ? 'Thank you: we have received your purchase request and started working on it. We will write again on this thread.'
        : 'Thank you for contacting us: we have received your message and are looking into it. We will reply on this thread.';
  return `${greeting}\n\n${body}\n\n${TEAM[flow] ?? TEAM.unknown}\n`;
}
