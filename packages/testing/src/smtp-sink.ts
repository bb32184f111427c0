import type { ParsedMail } from 'mailparser';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** One message as received by the sink. */
export interface Received {
  envelope: { from: string; to: string[] };
  raw: Buffer;
  parsed: ParsedMail;
  /** When the sink had the whole message (just before it answers `250`). */
  receivedAt: Date;
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
  const server = new SMTPServer({
    secure: false,
    disabledCommands: options.auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    allowInsecureAuth: true,
    authOptional: !options.auth,
    size: options.sizeLimit ?? 10 * 1024 * 1024,
    logger: false,
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
            received.push({ envelope: { from, to: session.envelope.rcptTo.map((r) => r.address) }, raw, parsed, receivedAt: new Date() });
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
