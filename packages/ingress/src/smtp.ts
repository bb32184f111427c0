import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { SMTPServerDataStream, SMTPServerSession } from 'smtp-server';
import type { AcceptDependencies } from './accept';
import { acceptRawMessage } from './accept';
import { IngressConfigError, TransientDeliveryError } from './errors';
import type { IngressLogger } from './logger';
import { describeError, jsonLogger } from './logger';

/** Default largest message the SMTP ingress accepts (advertised with SIZE): 40 MiB. */
export const DEFAULT_MAX_MESSAGE_BYTES = 40 * 1024 * 1024;

/** Options of {@link startSmtpIngress}. */
export interface SmtpIngressOptions extends Omit<AcceptDependencies, 'logger'> {
  /** Bind address. @default '127.0.0.1' */
  host?: string;
  /** TCP port; 0 picks a free one (see the returned `port`). @default 2525 */
  port?: number;
  /** Recipient domains accepted (case-insensitive, exact match); any other RCPT TO gets 550 5.1.1. */
  acceptDomains: readonly string[];
  /** Larger messages get 552 5.3.4. @default {@link DEFAULT_MAX_MESSAGE_BYTES} */
  maxMessageBytes?: number;
  /** Host name in the greeting and EHLO answer. @default os.hostname() */
  serverName?: string;
  /** Certificate and key (PEM) to offer STARTTLS; without them STARTTLS is not offered. */
  tls?: { key: string | Buffer; cert: string | Buffer };
  /** @default {@link jsonLogger} on stderr */
  logger?: IngressLogger;
}

/** A running SMTP ingress. */
export interface SmtpIngress {
  host: string;
  port: number;
  /** Stops accepting connections and waits (at most 10 s) for open sessions to finish. */
  close(): Promise<void>;
}

type SmtpError = Error & { responseCode: number };

function smtpError(responseCode: number, message: string): SmtpError {
  // One reply line: no CR/LF from a reason may reach the wire.
  return Object.assign(new Error(message.replace(/[\r\n]+/g, ' ').slice(0, 400)), { responseCode });
}

/**
 * Starts an SMTP server that accepts mail for `acceptDomains` and delivers each message to its
 * thread workflow. It answers like a mail server that never loses mail:
 *
 * | reply | when |
 * |---|---|
 * | 250 2.6.0 | Temporal accepted the message (signal-with-start returned) |
 * | 550 5.1.1 | RCPT TO a domain not in `acceptDomains` |
 * | 552 5.3.4 | the message (or its announced SIZE) exceeds `maxMessageBytes` |
 * | 554 5.6.0 | the message cannot be understood; it was kept raw in quarantine |
 * | 451 4.3.0 | Temporal unreachable (or quarantine/blob store failed): the sender retries |
 *
 * A message sent again (after a 451, or by a retrying sender) is handled once: the thread
 * ignores a Message-ID it has seen.
 * @example
 * const smtp = await startSmtpIngress({ client, taskQueue, acceptDomains: ['orders.example.com'],
 *   blobStore: createDirectoryBlobStore('.data/blobs'), quarantine: createDirectoryQuarantine('.data/quarantine') });
 * // ... later
 * await smtp.close();
 */
export async function startSmtpIngress(options: SmtpIngressOptions): Promise<SmtpIngress> {
  const domains = new Set(options.acceptDomains.map((d) => d.trim().toLowerCase()).filter(Boolean));
  if (domains.size === 0) throw new IngressConfigError('acceptDomains', 'must name at least one recipient domain');
  const maxBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  if (!Number.isInteger(maxBytes) || maxBytes <= 0) {
    throw new IngressConfigError('maxMessageBytes', `must be a positive integer, got ${maxBytes}`);
  }
  const host = options.host ?? '127.0.0.1';
  const logger = options.logger ?? jsonLogger();
  const deps: AcceptDependencies = { ...options, logger };

  const server = new SMTPServer({
    name: options.serverName,
    banner: 'Agent Orchestrator ingress',
    size: maxBytes,
    rejectOversized: true,
    hideENHANCEDSTATUSCODES: false,
    authOptional: true,
    disabledCommands: options.tls ? ['AUTH'] : ['AUTH', 'STARTTLS'],
    ...(options.tls ? { key: options.tls.key, cert: options.tls.cert } : {}),
    logger: false,
    closeTimeout: 10_000,

    onRcptTo(address, session, callback) {
      const domain = address.address.slice(address.address.lastIndexOf('@') + 1).toLowerCase();
      if (domains.has(domain)) return callback();
      logger.info('smtp.recipient-rejected', { session: session.id, rcptTo: address.address });
      callback(smtpError(550, `Recipient domain ${domain || '(none)'} is not accepted here`));
    },

    onData(stream, session, callback) {
      void receive(stream, session).then(
        (reply) => callback(null, reply),
        (error: SmtpError) => callback(error),
      );
    },
  });

  async function receive(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<string> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      // Past the limit, read on (the client is still sending) but keep nothing.
      if (size + chunk.length <= maxBytes) chunks.push(chunk);
      size += chunk.length;
    }
    const envelope = {
      session: session.id,
      remoteAddress: session.remoteAddress,
      mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
      rcptTo: session.envelope.rcptTo.map((r) => r.address),
    };
    if (stream.sizeExceeded || size > maxBytes) {
      logger.warn('smtp.oversize', { ...envelope, size, maxBytes });
      throw smtpError(552, `Message exceeds fixed maximum message size ${maxBytes}`);
    }
    try {
      const outcome = await acceptRawMessage(Buffer.concat(chunks, size), deps, { via: 'smtp', ...envelope });
      if (outcome.status === 'quarantined') {
        throw smtpError(554, `Message not understood (${outcome.reason}); kept for inspection as ${outcome.entry.id}`);
      }
      const { threadId, messageId, workflowId } = outcome.receipt;
      logger.info('smtp.delivered', { ...envelope, size, messageId, threadId, workflowId });
      return `OK: ${messageId} delivered to thread ${threadId}`;
    } catch (error) {
      if ((error as Partial<SmtpError>).responseCode) throw error;
      // The details (Temporal addresses, RPC errors) go to the log, not to the sender.
      logger.error('smtp.deferred', { ...envelope, size, error: describeError(error), cause: describeError((error as Error).cause) });
      const what = error instanceof TransientDeliveryError ? 'the orchestrator cannot take the message right now' : 'local error';
      throw smtpError(451, `Temporary failure (${what}), try again later`);
    }
  }

  server.on('error', (error) => logger.error('smtp.server-error', { error: describeError(error) }));
  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.server.once('error', onError);
    server.listen(options.port ?? 2525, host, () => {
      server.server.off('error', onError);
      resolve();
    });
  });
  const port = (server.server.address() as AddressInfo).port;
  logger.info('smtp.listening', { host, port, domains: [...domains], maxBytes, starttls: Boolean(options.tls) });

  let closing: Promise<void> | undefined;
  return {
    host,
    port,
    close() {
      closing ??= new Promise<void>((resolve) => server.close(() => resolve())).then(() => logger.info('smtp.closed', { port }));
      return closing;
    },
  };
}
