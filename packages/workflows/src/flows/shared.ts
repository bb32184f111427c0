import type { EmailAddress, EmailMessage } from '@org/orchestrator-contracts';

/** The address our emails come from: the mailbox the thread's first message was sent to. */
export function mailboxOf(message: EmailMessage): EmailAddress {
  return message.to[0] ?? { address: 'orchestrator@orchestrator.local' };
}

/** What an agent reads of an email (the activities strip quoted history). */
export function agentEmail(message: EmailMessage) {
  return { subject: message.subject, text: message.text, from: message.from, receivedAt: message.receivedAt };
}

/** `Hello Name,` or `Hello,`. */
export function greeting(name?: string | null): string {
  return name ? `Hello ${name},` : 'Hello,';
}

export function money(amount: number, currency: string | null | undefined): string {
  return `${(currency ?? '').toUpperCase()} ${amount.toFixed(2)}`.trim();
}

/** Long human text shortened for state and notices. */
export function excerpt(text: string, max = 400): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}
