import type { ParsedMail } from 'mailparser';
import { simpleParser } from 'mailparser';
import type { SMTPServerOptions } from 'smtp-server';
import { SMTPServer } from 'smtp-server';

/** One message as received by the sink. */
export interface Received {
  envelope: { from: string; to: string[] };
  raw: Buffer;
  parsed: ParsedMail;
  /** When the sink had the whole message (just before it answers `250`). */
  receivedAt: Date;
  /**
   * Set when the connection ended cleanly after our `250` for the message went out: the client had
   * read it. A message not acknowledged was received, but its sender may have died before it learnt
   * that (SMTP's duplicate window, RFC 1047) and may well send it again.
   */
  acknowledged: boolean;
}

/** A real SMTP server (smtp-server) on 127.0.0.1 that keeps and parses what it receives. */
export interface SmtpSink {
  url: string;
  port: number;
  received: Received[];
  close(): Promise<void>;
}

/**
 * Starts an SMTP sink on a free port of 127.0.0.1. With `auth`, it requires those credentials
 * (PLAIN/LOGIN over the plain connection, allowed for tests). `answerDelayMs` makes it a slow
 * server: it keeps each message that long before it answers `250` (as an MTA that scans first).
 */
export async function startSmtpSink(options: { sizeLimit?: number; auth?: { user: string; pass: string }; answerDelayMs?: number } = {}): Promise<SmtpSink> {
  const received: Received[] = [];
  // The last message of each connection until the connection ends, and whether our `250` for it was written.
  const pending = new Map<string, { message: Received; answered: boolean }>();
  const noop = () => undefined;
  const server = new SMTPServer({
    secure: false,
    disabledCommands: options.auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    allowInsecureAuth: true,
    authOptional: !options.auth,
    size: options.sizeLimit ?? 10 * 1024 * 1024,
    // Not for logging: the server reports here, by connection id, what it writes and how the connection ended.
    logger: {
      debug(entry: { tnx?: string; cid?: string }, ...args: unknown[]) {
        const open = entry.tnx === 'send' && entry.cid !== undefined ? pending.get(entry.cid) : undefined;
        if (open && String(args[1] ?? '').startsWith('250')) open.answered = true;
      },
      info(entry: { tnx?: string; cid?: string; hadError?: boolean }) {
        if (entry.tnx !== 'close' || entry.cid === undefined || !('hadError' in entry)) return;
        const open = pending.get(entry.cid);
        if (!open) return;
        // Our 250 went out and the client closed cleanly: it had read it. A reset means it died
        // with the 250 unread (or before we wrote it).
        open.message.acknowledged = open.answered && entry.hadError !== true;
        pending.delete(entry.cid);
      },
      trace: noop,
      warn: noop,
      error: noop,
      fatal: noop,
    } as unknown as SMTPServerOptions['logger'],
    onAuth(auth, _session, callback) {
      if (auth.username === options.auth?.user && auth.password === options.auth?.pass) return callback(null, { user: auth.username });
      return callback(new Error('invalid credentials'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded) {
          return callback(Object.assign(new Error('message too big'), { responseCode: 552 }));
        }
        const raw = Buffer.concat(chunks);
        simpleParser(raw).then(
          (parsed) => {
            const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
            const message: Received = { envelope: { from, to: session.envelope.rcptTo.map((r) => r.address) }, raw, parsed, receivedAt: new Date(), acknowledged: false };
            received.push(message);
            pending.set(session.id, { message, answered: false });
            if (options.answerDelayMs) setTimeout(() => callback(null, 'queued as sink'), options.answerDelayMs);
            else callback(null, 'queued as sink');
          },
          (error: Error) => callback(error),
        );
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as { port: number }).port;
  const credentials = options.auth ? `${encodeURIComponent(options.auth.user)}:${encodeURIComponent(options.auth.pass)}@` : '';
  return {
    url: `smtp://${credentials}127.0.0.1:${port}`,
    port,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
