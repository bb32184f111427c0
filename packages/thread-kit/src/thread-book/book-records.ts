import type { EmailMessage, RejectedPayload, ThreadMessageRecord } from '@org/orchestrator-contracts';

const SUBJECT_KEPT = 200;

/** The record of an accepted message (no body: bodies stay out of the state). */
export function recordOf(message: EmailMessage, status: ThreadMessageRecord['status']): ThreadMessageRecord {
  return { messageId: message.messageId, from: message.from.address, subject: message.subject.slice(0, SUBJECT_KEPT), receivedAt: message.receivedAt, status };
}

/** A rejected payload shortened to a few hundred bytes: an attacker chooses its size. */
export function boundedRejection(entry: RejectedPayload): RejectedPayload {
  const cut = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
  return {
    ...entry,
    ...(entry.messageId !== undefined ? { messageId: cut(entry.messageId, 200) } : {}),
    reason: cut(entry.reason, 100),
    issues: entry.issues.slice(0, 3).map((i) => ({ path: cut(i.path, 60), message: cut(i.message, 120) })),
  };
}

/** The message id of a raw payload, if it has a readable one. */
export function messageIdOf(raw: unknown): string | undefined {
  if (raw && typeof raw === 'object' && 'messageId' in raw) {
    const id = (raw as { messageId: unknown }).messageId;
    if (typeof id === 'string') return id.slice(0, 998);
  }
  return undefined;
}
