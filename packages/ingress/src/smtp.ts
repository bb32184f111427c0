import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { SMTPServerDataStream, SMTPServerSession } from 'smtp-server';
import type { AcceptDependencies } from './accept';
import { acceptRawMessage } from './accept';
import { verifySender } from './authenticate';
import { IngressConfigError, TransientDeliveryError } from './errors';
import {
  ConnectionRateLimiter,
  DEFAULT_CONNECTION_RATE,
  DEFAULT_MAX_CLIENTS,
  DEFAULT_MAX_RECIPIENTS,
  MessageBuffer,
  checkRelayCredentials,
  normalizeAddress,
  rateKey,
  trustedNetworks,
} from './limits';
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
  /** Simultaneous connections; one more is greeted with `421` and closed. @default {@link DEFAULT_MAX_CLIENTS} */
  maxClients?: number;
  /** Recipients of one message; one more gets `452 4.5.3` (the client sends the rest later). @default {@link DEFAULT_MAX_RECIPIENTS} */
  maxRecipients?: number;
  /**
   * New connections per remote address and window; beyond, `421` and close. Trusted relay networks
   * are exempt. `false` turns it off. @default {@link DEFAULT_CONNECTION_RATE} (60 per minute)
   */
  connectionRate?: { max: number; windowMs: number } | false;
  /** Internal relays the ingress trusts (SMTP AUTH accounts, networks) and the domains they vouch for. */
  relay?: SmtpRelayOptions;
}

/**
 * An internal relay (the company's own MTA) that may vouch for its users. Its mail gets
 * `authentication.relay`; its `From:` domain is treated as proven (`alignedDomain`) only when it is
 * one of `domains`: a relay vouches for its own company's users, not for everything it forwards.
 */
export interface SmtpRelayOptions {
  /** SMTP AUTH accounts (user → password), PLAIN and LOGIN, compared in constant time. */
  users?: ReadonlyMap<string, string>;
  /** CIDRs (`10.0.0.0/8`, `fd00::/8`) whose connections are the relay, without AUTH. */
  networks?: readonly string[];
  /** `From:` domains the relay vouches for. */
  domains?: readonly string[];
  /** Allow AUTH without STARTTLS (passwords in clear): only for loopback tests. @default false */
  allowInsecureAuth?: boolean;
}

/** A running SMTP ingress. */
export interface SmtpIngress {
  host: string;
  port: number;
  /** Stops accepting connections and waits (at most 10 s) for open sessions to finish. */
  close(): Promise<void>;
}

type SmtpError = Error & { responseCode: number };

function positive(name: string, value: number): number {
  if (!Number.isInteger(value) || value <= 0) throw new IngressConfigError(name, `must be a positive integer, got ${value}`);
  return value;
}

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
 * | 452 4.5.3 | more than `maxRecipients` recipients (the client sends the rest in another transaction) |
 * | 421 | more than `maxClients` connections, or the client's address is over `connectionRate` |
 * | 535 5.7.8 | AUTH with wrong credentials (AUTH is offered only to relays, see `relay`) |
 * | 554 5.6.0 | the message cannot be understood, or can never be delivered as it is (too large even with its bodies in the blob store, a field Temporal refuses); it was kept raw in quarantine |
 * | 451 4.3.0 | Temporal unreachable or too slow (or quarantine/blob store failed): the sender retries |
 *
 * A message sent again (after a 451, or by a retrying sender) is handled once: the thread
 * ignores a Message-ID it has seen.
 *
 * Every message gets `authentication`: its sender verified with mailauth from the connecting IP,
 * HELO, MAIL FROM and the message (SPF, DKIM, ARC, DMARC; see {@link verifySender}); headers the
 * sender wrote (`Authentication-Results`) are never believed.
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
  const maxClients = positive('maxClients', options.maxClients ?? DEFAULT_MAX_CLIENTS);
  const maxRecipients = positive('maxRecipients', options.maxRecipients ?? DEFAULT_MAX_RECIPIENTS);
  const rate = options.connectionRate === false ? undefined : new ConnectionRateLimiter(options.connectionRate ?? DEFAULT_CONNECTION_RATE);
  const relayUsers = options.relay?.users ?? new Map<string, string>();
  const isRelayNetwork = trustedNetworks(options.relay?.networks ?? [], 'relay.networks');
  const relayDomains = (options.relay?.domains ?? []).map((d) => d.trim().toLowerCase()).filter(Boolean);
  const offerAuth = relayUsers.size > 0;
  if (offerAuth && !options.tls && !options.relay?.allowInsecureAuth) {
    throw new IngressConfigError('relay.users', 'need STARTTLS (tls: { key, cert }): AUTH would send passwords in clear');
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
    authMethods: ['PLAIN', 'LOGIN'],
    allowInsecureAuth: Boolean(options.relay?.allowInsecureAuth),
    disabledCommands: [...(offerAuth ? [] : ['AUTH']), ...(options.tls ? [] : ['STARTTLS'])],
    ...(options.tls ? { key: options.tls.key, cert: options.tls.cert } : {}),
    maxClients,
    maxRecipients,
    logger: false,
    closeTimeout: 10_000,

    onConnect(session, callback) {
      const address = normalizeAddress(session.remoteAddress);
      if (!rate || isRelayNetwork(address) || rate.admit(rateKey(address))) return callback();
      logger.warn('smtp.rate-limited', { session: session.id, remoteAddress: address });
      callback(smtpError(421, 'Too many connections from your address, try again later'));
    },

    onAuth(auth, session, callback) {
      const user = auth.username ?? '';
      if (auth.method !== 'XOAUTH2' && checkRelayCredentials(relayUsers, user, auth.password ?? '')) {
        logger.info('smtp.relay-authenticated', { session: session.id, remoteAddress: session.remoteAddress, user });
        return callback(null, { user });
      }
      logger.warn('smtp.auth-failed', { session: session.id, remoteAddress: session.remoteAddress, user });
      callback(smtpError(535, 'Authentication credentials invalid'));
    },

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
    const mailFrom = session.envelope.mailFrom || undefined;
    const announced = mailFrom && mailFrom.args ? Number(mailFrom.args['SIZE']) : NaN;
    // One buffer for the message; past the limit, read on (the client is still sending) but keep nothing.
    const buffer = new MessageBuffer(maxBytes, Number.isSafeInteger(announced) ? announced : undefined);
    for await (const chunk of stream as AsyncIterable<Buffer>) buffer.push(chunk);
    const size = buffer.received;
    const remoteAddress = normalizeAddress(session.remoteAddress);
    const relay = session.user ? `smtp-auth:${String(session.user)}` : isRelayNetwork(remoteAddress) ? `network:${remoteAddress}` : undefined;
    const envelope = {
      session: session.id,
      remoteAddress,
      mailFrom: mailFrom ? mailFrom.address : '',
      rcptTo: session.envelope.rcptTo.map((r) => r.address),
      ...(relay ? { relay } : {}),
    };
    if (stream.sizeExceeded || buffer.exceeded) {
      logger.warn('smtp.oversize', { ...envelope, size, maxBytes });
      throw smtpError(552, `Message exceeds fixed maximum message size ${maxBytes}`);
    }
    const raw = buffer.bytes();
    const evidence = {
      ip: remoteAddress,
      helo: session.hostNameAppearsAs,
      mailFrom: envelope.mailFrom,
      mta: options.serverName,
      resolver: options.resolver,
      relay,
      relayDomains,
    };
    try {
      const outcome = await acceptRawMessage(
        raw,
        deps,
        { via: 'smtp', ...envelope },
        { authenticate: (message) => verifySender(raw, message.from.address, evidence) },
      );
      if (outcome.status === 'quarantined') {
        const what = outcome.stage === 'parse' ? 'Message not understood' : 'Message cannot be delivered';
        throw smtpError(554, `${what} (${outcome.reason}); kept for inspection as ${outcome.entry.id}`);
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
  logger.info('smtp.listening', {
    host,
    port,
    domains: [...domains],
    maxBytes,
    maxClients,
    maxRecipients,
    connectionRate: options.connectionRate ?? DEFAULT_CONNECTION_RATE,
    starttls: Boolean(options.tls),
    auth: offerAuth,
    relayNetworks: options.relay?.networks ?? [],
    relayDomains,
  });

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
