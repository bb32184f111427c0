import { ImapFlow } from 'imapflow';
import type { AcceptDependencies, AcceptOutcome } from './accept';
import { acceptRawMessage } from './accept';
import { verifySender } from './authenticate';
import { trustedAuthenticationResults } from './authentication-results';
import { IngressConfigError } from './errors';
import type { IngressLogger } from './logger';
import type { QuarantineSource } from './quarantine';
import { describeError, jsonLogger } from './logger';
import { DEFAULT_MAX_MESSAGE_BYTES } from './smtp';

/** Keyword set on a message once Temporal accepted it (or it was quarantined). */
export const DEFAULT_PROCESSED_FLAG = '$OrchestratorDelivered';
/** Keyword set, in addition, on a message that was quarantined. */
export const DEFAULT_QUARANTINED_FLAG = '$OrchestratorQuarantined';

/** Where and how to log in. */
export interface ImapAccount {
  host: string;
  port: number;
  /** Implicit TLS (imaps, usually port 993). Without it, imapflow still upgrades with STARTTLS when offered. */
  secure: boolean;
  auth: { user: string; pass: string };
  /** Passed to `tls.connect`, e.g. `{ rejectUnauthorized: false }` for a self-signed test server. */
  tls?: { rejectUnauthorized?: boolean; servername?: string };
}

/** Options of {@link startImapPoller}. */
export interface ImapPollerOptions extends Omit<AcceptDependencies, 'logger'> {
  imap: ImapAccount;
  /** @default 'INBOX' */
  mailbox?: string;
  /** @default {@link DEFAULT_PROCESSED_FLAG} */
  processedFlag?: string;
  /** @default {@link DEFAULT_QUARANTINED_FLAG} */
  quarantinedFlag?: string;
  /**
   * Larger messages are not downloaded: their headers go to the quarantine (code `oversize`) and
   * they are flagged like any quarantined message; the message itself stays in the mailbox.
   * @default {@link DEFAULT_MAX_MESSAGE_BYTES}
   */
  maxMessageBytes?: number;
  /** Also set `\Seen` on processed messages. @default true */
  markSeen?: boolean;
  /** Search for unprocessed messages at least this often, even while IDLE. @default 60_000 */
  pollIntervalMs?: number;
  /** Wait in IDLE (where the server supports it) and react to new mail at once. @default true */
  useIdle?: boolean;
  /** Reconnect backoff after a failure: doubles from `minMs` up to `maxMs`. @default { minMs: 1000, maxMs: 60_000 } */
  reconnect?: { minMs?: number; maxMs?: number };
  /** @default {@link jsonLogger} on stderr */
  logger?: IngressLogger;
  /**
   * authserv-ids of the mailbox's own receiving servers (e.g. `mx.example.com`) whose
   * `Authentication-Results` header is believed: only the topmost such header, and only if its id
   * is listed here. Otherwise the poller verifies DKIM and ARC itself (no SPF without the
   * connecting IP; DMARC by DKIM alignment). @default [] (never believe a header)
   */
  trustedAuthservIds?: readonly string[];
}

/** Counters of a running poller (since it started). */
export interface ImapPollerStats {
  delivered: number;
  quarantined: number;
  /** Passes over the mailbox completed without error. */
  passes: number;
  /** Connection or delivery failures (each followed by a reconnect with backoff). */
  failures: number;
}

/** A running IMAP poller. */
export interface ImapPoller {
  stats(): ImapPollerStats;
  /** Finishes the message in hand, logs out and resolves. */
  stop(): Promise<void>;
}

/**
 * Polls a mailbox and delivers every message not yet carrying `processedFlag` to its thread:
 * download, parse (attachments into the blob store), signal-with-start, and only then flag it
 * (`processedFlag` and `\Seen`). Restarting the poller delivers nothing twice, because flagged
 * messages are skipped; if it dies between delivery and flagging, the redelivered message has a
 * Message-ID the thread has seen and is ignored. A message that cannot be understood is kept in
 * quarantine and flagged with `processedFlag` and `quarantinedFlag`, so it is not retried forever.
 *
 * Each message gets `authentication`: from the mailbox server's topmost `Authentication-Results`
 * when its authserv-id is in `trustedAuthservIds`, else from DKIM/ARC/DMARC verified here.
 *
 * Waits in IDLE between passes (imapflow's auto-IDLE) where the server supports it, and reconnects
 * with exponential backoff when the connection drops or Temporal cannot take a message.
 * @example
 * const poller = startImapPoller({ client, taskQueue, blobStore, quarantine,
 *   imap: { host: 'imap.example.com', port: 993, secure: true, auth: { user, pass } } });
 * // ... later
 * await poller.stop();
 */
export function startImapPoller(options: ImapPollerOptions): ImapPoller {
  const logger = options.logger ?? jsonLogger();
  const deps: AcceptDependencies = { ...options, logger };
  const mailbox = options.mailbox ?? 'INBOX';
  const processedFlag = options.processedFlag ?? DEFAULT_PROCESSED_FLAG;
  const quarantinedFlag = options.quarantinedFlag ?? DEFAULT_QUARANTINED_FLAG;
  for (const [name, flag] of [
    ['processedFlag', processedFlag],
    ['quarantinedFlag', quarantinedFlag],
  ] as const) {
    if (!/^\$?[A-Za-z0-9_.-]+$/.test(flag)) throw new IngressConfigError(name, `must be an IMAP keyword (atom), got ${JSON.stringify(flag)}`);
  }
  const maxBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  const trustedIds = options.trustedAuthservIds ?? [];
  const pollIntervalMs = options.pollIntervalMs ?? 60_000;
  const useIdle = options.useIdle ?? true;
  const minBackoff = options.reconnect?.minMs ?? 1_000;
  const maxBackoff = options.reconnect?.maxMs ?? 60_000;
  const where = { host: options.imap.host, port: options.imap.port, user: options.imap.auth.user, mailbox };

  const stats: ImapPollerStats = { delivered: 0, quarantined: 0, passes: 0, failures: 0 };
  let stopped = false;
  let backoff = minBackoff;
  let wake: (() => void) | undefined;
  /** Set by new mail, a dropped connection or stop(): the next pause() returns at once. */
  let kicked = false;
  const kick = () => {
    kicked = true;
    wake?.();
  };

  /** Resolves after `ms`, or earlier on new mail, a dropped connection or stop(). */
  function pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      if (kicked) {
        kicked = false;
        return resolve();
      }
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = undefined;
        kicked = false;
        resolve();
      }
      wake = done;
    });
  }

  async function session(): Promise<void> {
    const imap = new ImapFlow({
      host: options.imap.host,
      port: options.imap.port,
      secure: options.imap.secure,
      auth: options.imap.auth,
      ...(options.imap.tls ? { tls: options.imap.tls } : {}),
      logger: false,
      disableAutoIdle: !useIdle,
      autoIdleDelay: 1_000,
      connectionTimeout: 30_000,
    });
    let closed = false;
    imap.on('error', (error: Error) => logger.warn('imap.connection-error', { ...where, error: describeError(error) }));
    imap.on('close', () => {
      closed = true;
      kick();
    });
    imap.on('exists', kick);
    try {
      await imap.connect();
      await imap.mailboxOpen(mailbox);
      logger.info('imap.connected', { ...where, idle: useIdle && imap.capabilities.has('IDLE') });
      backoff = minBackoff;
      while (!stopped && !closed) {
        await pass(imap);
        stats.passes += 1;
        if (stopped || closed) break;
        await pause(pollIntervalMs);
      }
      if (closed && !stopped) throw new Error('the IMAP connection was closed');
    } finally {
      if (!closed) await imap.logout().catch(() => imap.close());
    }
  }

  /** One pass: every message without the processed flag, oldest first. */
  async function pass(imap: ImapFlow): Promise<void> {
    kicked = false; // this search sees everything that arrived so far
    const found = await imap.search({ unKeyword: processedFlag }, { uid: true });
    const uids = (Array.isArray(found) ? found : []).sort((a, b) => a - b);
    if (uids.length) logger.debug('imap.pass', { ...where, pending: uids.length });
    for (const uid of uids) {
      if (stopped) return;
      const source = { via: 'imap', ...where, uid, uidValidity: String(imap.mailbox ? imap.mailbox.uidValidity : '') };
      const outcome = await acceptOne(imap, uid, source);
      if (!outcome) continue;
      const flags = [processedFlag, ...(outcome.status === 'quarantined' ? [quarantinedFlag] : []), ...(options.markSeen === false ? [] : ['\\Seen'])];
      await imap.messageFlagsAdd(String(uid), flags, { uid: true });
      if (outcome.status === 'delivered') {
        stats.delivered += 1;
        const { messageId, threadId, workflowId } = outcome.receipt;
        logger.info('imap.delivered', { ...where, uid, messageId, threadId, workflowId });
      } else {
        stats.quarantined += 1;
      }
    }
  }

  async function acceptOne(imap: ImapFlow, uid: number, source: QuarantineSource): Promise<AcceptOutcome | undefined> {
    const meta = await imap.fetchOne(String(uid), { size: true }, { uid: true });
    if (!meta) return undefined; // expunged meanwhile
    if ((meta.size ?? 0) > maxBytes) {
      const head = await imap.fetchOne(String(uid), { headers: true }, { uid: true });
      const reason = `message of ${meta.size} bytes exceeds the limit of ${maxBytes} bytes; only its headers are kept here, the message stays in the mailbox`;
      const entry = await deps.quarantine.keep(head && head.headers ? head.headers : Buffer.alloc(0), reason, source, { code: 'oversize' });
      logger.warn('ingress.quarantined', { ...source, reason, code: 'oversize', quarantineId: entry.id, size: meta.size });
      return { status: 'quarantined', stage: 'parse', reason, code: 'oversize', entry };
    }
    const fetched = await imap.fetchOne(String(uid), { source: true, internalDate: true }, { uid: true });
    if (!fetched || !fetched.source) return undefined;
    const internalDate = fetched.internalDate instanceof Date ? fetched.internalDate : undefined;
    const raw = fetched.source;
    const authenticate = async (message: { from: { address: string } }) =>
      trustedAuthenticationResults(raw, message.from.address, trustedIds) ?? verifySender(raw, message.from.address, { resolver: options.resolver });
    return acceptRawMessage(raw, deps, source, { receivedAt: internalDate, authenticate });
  }

  const running = (async () => {
    while (!stopped) {
      try {
        await session();
      } catch (error) {
        if (stopped) break;
        stats.failures += 1;
        logger.warn('imap.retrying', { ...where, inMs: backoff, error: describeError(error) });
        kicked = false; // the close that ended the session must not cut the backoff short
        await pause(backoff);
        backoff = Math.min(backoff * 2, maxBackoff);
      }
    }
  })();

  let stopping: Promise<void> | undefined;
  return {
    stats: () => ({ ...stats }),
    stop() {
      stopping ??= (async () => {
        stopped = true;
        kick();
        await running;
        logger.info('imap.stopped', { ...where, ...stats });
      })();
      return stopping;
    },
  };
}
