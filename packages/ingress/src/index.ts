/**
 * Email ingress of Agent Orchestrator: an SMTP server and an IMAP poller that deliver each
 * message to its thread workflow (signal-with-start through the contracts helper). Like a trusted
 * mail server, ingress never accepts mail it may lose: SMTP answers 250 only once Temporal has
 * durably accepted the message (451 otherwise, so the sender retries), and the poller marks a
 * message only after the same. Messages that cannot be understood, or can never be delivered as
 * they are (permanent failures, see `classifyDeliveryError`), are kept raw in a quarantine and
 * refused (554) or flagged; only transient failures are retried. Each message is fitted into a
 * signal budget first (`fitToSignalBudget`: bodies to the blob store, lists trimmed).
 * Every message carries `authentication` (SPF/DKIM/DMARC/ARC verified here with mailauth, or a
 * trusted mailbox server's `Authentication-Results`) and, for automatic mail, `automated`.
 *
 * @example
 * import { createDirectoryQuarantine, startSmtpIngress } from '@org/orchestrator-ingress';
 *
 * const client = await createThreadClient();
 * const smtp = await startSmtpIngress({ client, port: 2525, acceptDomains: ['orders.example.com'],
 *   blobStore: blobStoreFromUrl('.data/blobs'), quarantine: createDirectoryQuarantine('.data/quarantine') });
 *
 * @module
 */
export { DEFAULT_DELIVERY_TIMEOUT_MS, acceptRawMessage } from './accept';
export type { AcceptDependencies, AcceptOptions, AcceptOutcome } from './accept';
export { INGRESS_VERIFIER, toVerdict, verifySender } from './authenticate';
export type { SenderEvidence } from './authenticate';
export { authenticationResultsFields, parseAuthenticationResults, trustedAuthenticationResults } from './authentication-results';
export type { AuthenticationResultsHeader } from './authentication-results';
export { DEFAULT_QUARANTINE_DIR, DEFAULT_THREAD_INDEX_DB_PATH, ingressConfigFromEnv, parseImapUrl } from './config';
export { INGRESS_ENV } from './ingress-env';
export type { IngressConfig } from './config';
export { classifyDeliveryError } from './delivery-errors';
export type { DeliveryFailure, PermanentFailureCode } from './delivery-errors';
export { fitToSignalBudget } from './fit-payload';
export type { FittedMessage } from './fit-payload';
export { DEFAULT_DNS_TIMEOUT_MS, parseDnsRecords, staticDnsResolver, systemDnsResolver } from './dns';
export type { DnsResolver, StaticDnsRecords } from './dns';
export { IngressConfigError, TransientDeliveryError } from './errors';
export { DEFAULT_PROCESSED_FLAG, DEFAULT_QUARANTINED_FLAG, startImapPoller } from './imap';
export type { ImapAccount, ImapPoller, ImapPollerOptions, ImapPollerStats } from './imap';
export {
  ConnectionRateLimiter,
  DEFAULT_CONNECTION_RATE,
  DEFAULT_MAX_CLIENTS,
  DEFAULT_MAX_RECIPIENTS,
  DEFAULT_RATE_TABLE_SIZE,
  MessageBuffer,
  checkRelayCredentials,
  parseRelayCredentials,
  rateKey,
  trustedNetworks,
} from './limits';
export { describeError, jsonLogger, silentLogger } from './logger';
export type { IngressLogger, LogFields } from './logger';
export { createDirectoryQuarantine } from './quarantine';
export type { Quarantine, QuarantineEntry, QuarantineRecord, QuarantineSource } from './quarantine';
export { DEFAULT_MAX_MESSAGE_BYTES, startSmtpIngress } from './smtp';
export type { SmtpIngress, SmtpIngressOptions, SmtpRelayOptions } from './smtp';
