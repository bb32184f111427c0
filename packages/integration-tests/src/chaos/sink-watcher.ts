import type { OutboxEntry, OutboxLedger } from '@org/orchestrator-activities';
import type { SmtpSink } from '@org/orchestrator-testing';

/**
 * Who had sent an email, as the outbox ledger said just after the sink received it: `recorded`
 * (the row already said `sent`), `sending` (the attempt holding the lease, with its process id,
 * had not recorded it yet) or `not-in-ledger`.
 */
export type EmailSender = { state: 'recorded' } | { state: 'sending'; owner?: string; pid?: number } | { state: 'not-in-ledger' };

/** One email as the sink received it. */
export interface EmailCopy {
  messageId: string;
  receivedAt: Date;
  sender: EmailSender;
}

/** The sender part of an outbox row; the lease owner ends `@<host>:<pid>/<random>` (see `leaseOwner`). */
export function senderOf(entry: OutboxEntry | undefined): EmailSender {
  if (!entry) return { state: 'not-in-ledger' };
  if (entry.status === 'sent') return { state: 'recorded' };
  const pid = /:(\d+)\/[^/]*$/.exec(entry.lease?.owner ?? '')?.[1];
  return { state: 'sending', owner: entry.lease?.owner, ...(pid ? { pid: Number(pid) } : {}) };
}

/**
 * Watches the sink, and for each email it receives reads the outbox ledger at once: a sender
 * killed after the sink had the email but before it recorded `sent` leaves its lease (its process
 * id) on the row for the lease's duration, which tells a repeat after a kill (SMTP's at-least-once
 * window) from a repeat of an email its sender had recorded as sent (a broken promise).
 */
export class SinkWatcher {
  readonly copies: EmailCopy[] = [];
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;

  /** Watches what the sink receives after its first `from` emails (those of an earlier stage). */
  constructor(
    private readonly sink: SmtpSink,
    private readonly ledger: OutboxLedger,
    private readonly from = 0,
  ) {}

  start(intervalMs = 100): void {
    this.timer = setInterval(() => void this.poll(), intervalMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.poll();
  }

  /** Looks at the emails received since the last poll (one poll at a time). */
  poll(): Promise<void> {
    this.polling ??= this.readNew().finally(() => (this.polling = undefined));
    return this.polling;
  }

  private async readNew(): Promise<void> {
    while (this.from + this.copies.length < this.sink.received.length) {
      const mail = this.sink.received[this.from + this.copies.length];
      const messageId = mail.parsed.messageId ?? '(no Message-ID)';
      const entry = await this.ledger.get(messageId).catch(() => undefined);
      this.copies.push({ messageId, receivedAt: mail.receivedAt, sender: senderOf(entry) });
    }
  }
}
