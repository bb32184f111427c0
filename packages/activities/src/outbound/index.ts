/**
 * Outbound mail: the `sendEmail` activity, its ledger and transports, and the environment
 * wiring. Re-exported by the package entry.
 *
 * @module
 */
export { DEFAULT_OUTBOX_LEASE_MS, OUTBOX_CONFLICT, createOutboundActivities, outboundFingerprint } from './send-email';
export { OUTBOX_BUSY } from './outbox-lease';
export type { OutboundActivities, OutboundDependencies, SendEmailResult } from './send-email';
export { DEFAULT_OUTBOX_DIR, OUTBOUND_ENV } from './outbound-env';
export { outboundFromEnv } from './outbound-from-env';
export type { OutboundFromEnv } from './outbound-from-env';
export { DEFAULT_OUTBOX_DATABASE, openOutboxLedger } from '../store/open-outbox-ledger';
export { OUTBOX_LEDGER_APPLICATION_NAME, openPostgresOutboxLedger } from '../store/postgres-outbox-ledger';
export type { PostgresOutboxLedgerOptions } from '../store/postgres-outbox-ledger';
export { openSqliteOutboxLedger } from '../store/sqlite-outbox-ledger';
export { OutboxInputError } from '../store/outbox-input';
export type { OutboxClaim, OutboxClaimOptions, OutboxClaimRequest, OutboxEntry, OutboxLease, OutboxLedger, OutboxStatus } from '../store/outbox-ledger';
