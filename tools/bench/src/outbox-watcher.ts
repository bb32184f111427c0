import { promises as fs } from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';

/** One message found in an outbox, parsed (the orchestrator's are MIME, quoted-printable and all). */
export interface OutboxMail {
  messageId: string | undefined;
  inReplyTo: string | undefined;
  /** Recipients' addresses, lowercase. */
  to: string[];
  subject: string;
  text: string;
  headers: Map<string, unknown>;
  /** When the file was written (renamed into place). */
  mtimeMs: number;
}

const POLL_MS = 25;

/**
 * Watches an outbox folder (one `.eml` per message, renamed into place so never half written)
 * and parses each new file once; waiters poll what it found. Timings come from the files' mtimes,
 * so the polling interval adds nothing to them.
 */
export class OutboxWatcher {
  readonly mails: OutboxMail[] = [];
  private readonly known = new Set<string>();
  private scanning: Promise<void> | undefined;

  constructor(private readonly dir: string) {}

  /** Parses the files written since the last scan (scans run one at a time). */
  scan(): Promise<void> {
    this.scanning ??= this.scanOnce().finally(() => (this.scanning = undefined));
    return this.scanning;
  }

  /** Resolves with `find`'s answer once it has one, scanning meanwhile; fails with `what` after `timeoutMs`. */
  async until<T>(find: (mails: readonly OutboxMail[]) => T | undefined, timeoutMs: number, what: string): Promise<T> {
    const giveUpAt = Date.now() + timeoutMs;
    for (;;) {
      const found = find(this.mails);
      if (found !== undefined) return found;
      if (Date.now() > giveUpAt) {
        const seen = this.mails.slice(-5).map((m) => `${m.subject} (to ${m.to.join(', ')})`);
        throw new Error(
          `${what}: not in the outbox after ${timeoutMs / 1000} s; it holds ${this.mails.length} messages${seen.length ? `, the last: ${seen.join('; ')}` : ''}`,
        );
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
      await this.scan();
    }
  }

  private async scanOnce(): Promise<void> {
    let names: string[];
    try {
      names = await fs.readdir(this.dir);
    } catch {
      return;
    }
    for (const name of names) {
      if (!name.endsWith('.eml') || name.startsWith('.') || this.known.has(name)) continue;
      const file = path.join(this.dir, name);
      const [raw, stat] = await Promise.all([fs.readFile(file), fs.stat(file)]);
      this.known.add(name);
      const parsed = await simpleParser(raw);
      const to = (Array.isArray(parsed.to) ? parsed.to : parsed.to ? [parsed.to] : []).flatMap((a) => a.value.map((v) => (v.address ?? '').toLowerCase()));
      this.mails.push({
        messageId: parsed.messageId,
        inReplyTo: parsed.inReplyTo,
        to,
        subject: parsed.subject ?? '',
        text: parsed.text ?? '',
        headers: parsed.headers,
        mtimeMs: stat.mtimeMs,
      });
    }
  }
}
