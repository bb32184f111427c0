/**
 * Read-only access to the handled-message ledger in a worker's orchestrator store, without the
 * activities themselves: what command-line tools need to list a thread's messages (every one, however
 * long the thread; the thread's state shows only the recent ones).
 *
 * @example
 * import { openHandledLedgerReader } from '@org/orchestrator-activities/ledger';
 * const ledger = openHandledLedgerReader(process.env.ORCHESTRATOR_DB_PATH ?? '.data/orchestrator.sqlite');
 * for (const row of ledger.listHandled('<req-1@acme.example>', { limit: 20 })) console.log(row.seq, row.messageId, row.action);
 * ledger.close();
 *
 * @module
 */
export { HANDLED_PAGE_MAX, openHandledLedgerReader } from '../store/handled-ledger';
export { openPostgresHandledLedgerReader } from '../store/postgres-store';
export type { HandledLedgerReader } from '../store/handled-ledger';
export type { HandledListing, HandledPage, HandledRow } from '../store/orchestrator-store';
