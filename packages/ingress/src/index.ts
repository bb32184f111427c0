/**
 * Email ingress of Agent Orchestrator: an SMTP server and an IMAP poller that deliver each
 * message to its thread workflow (signal-with-start through the contracts helper). Like a trusted
 * mail server, ingress never accepts mail it may lose: SMTP answers 250 only once Temporal has
 * durably accepted the message (451 otherwise, so the sender retries), and the poller marks a
 * message only after the same. Messages that cannot be understood are kept raw in a quarantine.
 *
 * @example
 * import { createDirectoryQuarantine, startSmtpIngress } from '@org/orchestrator-ingress';
 *
 * const client = await createThreadClient();
 * const smtp = await startSmtpIngress({ client, port: 2525, acceptDomains: ['orders.example.com'],
 *   blobStore: blobStoreFromEnv(), quarantine: createDirectoryQuarantine('.data/quarantine') });
 *
 * @module
 */
export { DEFAULT_DELIVERY_TIMEOUT_MS, acceptRawMessage } from './accept';
export type { AcceptDependencies, AcceptOutcome } from './accept';
export { DEFAULT_QUARANTINE_DIR, ingressConfigFromEnv, parseImapUrl } from './config';
export type { IngressConfig } from './config';
export { IngressConfigError, TransientDeliveryError } from './errors';
export { DEFAULT_PROCESSED_FLAG, DEFAULT_QUARANTINED_FLAG, startImapPoller } from './imap';
export type { ImapAccount, ImapPoller, ImapPollerOptions, ImapPollerStats } from './imap';
export { describeError, jsonLogger, silentLogger } from './logger';
export type { IngressLogger, LogFields } from './logger';
export { createDirectoryQuarantine } from './quarantine';
export type { Quarantine, QuarantineEntry, QuarantineRecord, QuarantineSource } from './quarantine';
export { DEFAULT_MAX_MESSAGE_BYTES, startSmtpIngress } from './smtp';
export type { SmtpIngress, SmtpIngressOptions } from './smtp';
