import type { Readable } from 'node:stream';

/** Who the message is delivered to at the protocol level (SMTP `MAIL FROM` / `RCPT TO`). */
export interface MailEnvelope {
  from: string;
  to: string[];
}

/** One rendered message to hand to a transport. */
export interface RawMail {
  /** The message's Message-ID (`<id@host>`), which also names it in the file outbox. */
  messageId: string;
  envelope: MailEnvelope;
  /** The complete RFC 5322 message, e.g. from `renderMime`. */
  raw: Buffer | Readable;
}

/** What a transport reports after accepting a message. */
export interface TransportReceipt {
  /** The server's final response (`250 …`) or `file written`. */
  response: string;
  /** Where the message went: `smtp://host:port` or the `.eml` file path. */
  location: string;
  accepted: string[];
  rejected: string[];
}

/** A way to deliver rendered messages: SMTP or a directory of `.eml` files. */
export interface MailTransport {
  readonly kind: 'smtp' | 'file';
  /** Describes the destination without secrets, e.g. `smtp://mail.example.com:587`. */
  readonly description: string;
  send(mail: RawMail): Promise<TransportReceipt>;
  /**
   * Whether a message with this id was certainly delivered already: exact for the file outbox
   * (the file exists); `undefined` for SMTP, which cannot be asked.
   */
  delivered(messageId: string): Promise<boolean | undefined>;
  close(): Promise<void>;
}
