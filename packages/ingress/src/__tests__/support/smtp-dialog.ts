import { connect } from 'node:net';
import type { Socket } from 'node:net';

/** A bare SMTP client that shows every reply as the server wrote it (nodemailer hides refusals). */
export interface SmtpDialog {
  /** The next complete reply (all lines of a multi-line reply), e.g. `250 2.1.5 Accepted`. */
  reply(): Promise<string>;
  /** Sends one command line and returns the reply. */
  command(line: string): Promise<string>;
  close(): void;
  /** Resolves once the server closed the connection. */
  closed: Promise<void>;
}

export function smtpDialog(port: number, host = '127.0.0.1'): SmtpDialog {
  const socket: Socket = connect(port, host);
  let buffered = '';
  const replies: string[] = [];
  const waiting: ((reply: string) => void)[] = [];
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.on('error', () => undefined); // a refused connection shows as close
  socket.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('latin1');
    // A reply ends with a line "NNN text" (a space after the code; "NNN-" continues).
    for (let match = /(?:^|\r\n)(\d{3}) [^\r\n]*\r\n/.exec(buffered); match; match = /(?:^|\r\n)(\d{3}) [^\r\n]*\r\n/.exec(buffered)) {
      const end = match.index + match[0].length;
      const reply = buffered.slice(0, end).trim();
      buffered = buffered.slice(end);
      const next = waiting.shift();
      if (next) next(reply);
      else replies.push(reply);
    }
  });
  const reply = () =>
    new Promise<string>((resolve, reject) => {
      const queued = replies.shift();
      if (queued !== undefined) return resolve(queued);
      waiting.push(resolve);
      void closed.then(() => reject(new Error(`connection closed; unparsed: ${JSON.stringify(buffered)}`)));
    });
  return {
    reply,
    command(line) {
      socket.write(`${line}\r\n`);
      return reply();
    },
    close: () => socket.destroy(),
    closed,
  };
}
