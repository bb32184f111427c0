import type { EmailAddress, EmailMessage, FlowName } from '@org/orchestrator-contracts';
import type { FlowMailboxes } from '@org/orchestrator-activities';

/**
 * Who a flow's mail comes from: the flow's mailbox in the thread's recorded configuration
 * (`loadFlowConfig`), else the orchestrator's, never an inbound header, whose `To:` is whatever the sender wrote.
 * Configuration recorded before mailboxes existed (`mailboxes` absent) belongs to a thread an
 * earlier version started and already answered from the mailbox its first message was sent to:
 * it keeps that sender until it ends, so its correspondents see one sender throughout.
 */
export function senderOf(mailboxes: FlowMailboxes | undefined, flow: FlowName, first: EmailMessage): EmailAddress {
  if (!mailboxes) return first.to[0] ?? { address: 'orchestrator@orchestrator.local' };
  // A flow's mailbox is declared by its package; the spread is a plain object type, looked up by name.
  const byFlow: Partial<Record<string, EmailAddress>> = { ...mailboxes };
  return byFlow[flow] ?? mailboxes.orchestrator;
}

/** What an agent reads of an email (the activities strip quoted history). */
export function agentEmail(message: EmailMessage) {
  return { subject: message.subject, text: message.text, from: message.from, receivedAt: message.receivedAt };
}

export function money(amount: number, currency: string | null | undefined): string {
  return `${(currency ?? '').toUpperCase()} ${amount.toFixed(2)}`.trim();
}

/** Long human text shortened for state and notices. */
export function excerpt(text: string, max = 400): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}
