import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import type { MailTransport } from './mail-transport';

/** Options of {@link createSmtpTransport}. */
export interface SmtpTransportOptions {
  /** Milliseconds to wait for the TCP connection. Default 10 s. */
  connectionTimeout?: number;
  /** Milliseconds to wait for the greeting after connecting. Default 10 s. */
  greetingTimeout?: number;
  /** Milliseconds of socket inactivity before giving up. Default 60 s (large messages need time). */
  socketTimeout?: number;
  /**
   * Sign every message with DKIM (RFC 6376) for `domainName`, whose public key is published at
   * `<keySelector>._domainkey.<domainName>`: receivers then authenticate mail from that domain
   * (DMARC aligned when the `From:` domain is `domainName`).
   */
  dkim?: DkimSigningKey;
}

/** A DKIM signing key: the domain it signs for, the DNS selector, and the private key (PEM). */
export interface DkimSigningKey {
  domainName: string;
  keySelector: string;
  privateKey: string;
}

/** `smtp://user:***@host:port`: the URL without its password, for logs and ledgers. */
export function redactSmtpUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return 'smtp://(invalid url)';
  }
}

/**
 * Sends through an SMTP server with nodemailer, one connection per message (no pool: activities
 * are short and may run in many processes). `url` is `smtp://user:pass@host:port` (STARTTLS when
 * offered) or `smtps://…` (implicit TLS); query options such as `?tls.rejectUnauthorized=false`
 * are nodemailer's. The raw message is sent as is: nodemailer adds no Message-ID of its own.
 * @example
 * const smtp = createSmtpTransport(process.env.SMTP_URL!);
 * await smtp.send({ messageId, envelope: { from, to }, raw: await renderMime(email, blobs) });
 */
export function createSmtpTransport(url: string, options: SmtpTransportOptions = {}): MailTransport {
  const description = redactSmtpUrl(url);
  const transporter = nodemailer.createTransport({
    url,
    pool: false,
    connectionTimeout: options.connectionTimeout ?? 10_000,
    greetingTimeout: options.greetingTimeout ?? 10_000,
    socketTimeout: options.socketTimeout ?? 60_000,
    ...(options.dkim ? { dkim: options.dkim } : {}),
  });
  return {
    kind: 'smtp',
    description,
    async send({ envelope, raw }) {
      const info: SMTPTransport.SentMessageInfo = await transporter.sendMail({ envelope: { from: envelope.from, to: envelope.to }, raw });
      const list = (value: unknown[] | undefined) => (value ?? []).map((a) => (typeof a === 'string' ? a : (a as { address: string }).address));
      return { response: String(info.response ?? ''), location: description, accepted: list(info.accepted), rejected: list(info.rejected) };
    },
    async delivered() {
      return undefined;
    },
    async close() {
      transporter.close();
    },
  };
}
