import type { SqliteDatabase } from '@org/orchestrator-sqlite';
import { openSqliteReadOnly } from '@org/orchestrator-sqlite';
import type { HandledListing, HandledPage, HandledRow } from './orchestrator-store';

/** A `handled_messages` row as stored. The message columns were added later: NULL in older rows, absent in older files. */
export interface HandledDbRow {
  rowid?: number;
  workflow_run_id: string;
  activity_id: string;
  thread_id: string;
  message_id: string;
  flow: HandledRow['flow'];
  action: string;
  reply_message_id: string | null;
  sender?: string | null;
  subject?: string | null;
  received_at?: string | null;
  attempts: number;
  first_recorded_at: string;
  last_recorded_at: string;
}

/** Columns added to `handled_messages` after it first shipped (added when a worker opens the store). */
export const HANDLED_MESSAGE_COLUMNS = ['sender', 'subject', 'received_at'] as const;

/** The most rows one page of the ledger returns. */
export const HANDLED_PAGE_MAX = 1000;

export function handledRowOf(r: HandledDbRow): HandledRow {
  return {
    workflowRunId: r.workflow_run_id,
    activityId: r.activity_id,
    threadId: r.thread_id,
    messageId: r.message_id,
    flow: r.flow,
    action: r.action,
    replyMessageId: r.reply_message_id ?? undefined,
    ...(r.sender ? { from: r.sender } : {}),
    ...(r.subject != null ? { subject: r.subject } : {}),
    ...(r.received_at ? { receivedAt: r.received_at } : {}),
    attempts: r.attempts,
    firstRecordedAt: r.first_recorded_at,
    lastRecordedAt: r.last_recorded_at,
  };
}

/** One page of a thread's ledger, newest first (shared by the store and the read-only reader). */
export function listHandledRows(db: SqliteDatabase, threadId: string, page: HandledPage): HandledListing[] {
  const limit = Math.max(1, Math.min(HANDLED_PAGE_MAX, Math.floor(page.limit)));
  const { before } = page;
  const rows = (
    before === undefined
      ? db.prepare('SELECT rowid, * FROM handled_messages WHERE thread_id = ? ORDER BY rowid DESC LIMIT ?').all(threadId, limit)
      : typeof before === 'number'
        ? db.prepare('SELECT rowid, * FROM handled_messages WHERE thread_id = ? AND rowid < ? ORDER BY rowid DESC LIMIT ?').all(threadId, before, limit)
        : db
            .prepare('SELECT rowid, * FROM handled_messages WHERE thread_id = ? AND first_recorded_at < ? ORDER BY rowid DESC LIMIT ?')
            .all(threadId, before, limit)
  ) as HandledDbRow[];
  return rows.map((r) => ({ seq: Number(r.rowid), ...handledRowOf(r) }));
}

/** Read-only access to the handled-message ledger of a worker's store file (for command-line tools). */
export interface HandledLedgerReader {
  listHandled(threadId: string, page: HandledPage): HandledListing[];
  close(): void;
}

/**
 * Opens the ledger in the orchestrator store file `filename` (the workers' `ORCHESTRATOR_DB_PATH`)
 * read-only: it never creates the file or changes it, and throws if it does not exist.
 * @example
 * const ledger = openHandledLedgerReader('.data/orchestrator.sqlite');
 * const newest = ledger.listHandled('<req-1@acme.example>', { limit: 20 });
 */
export function openHandledLedgerReader(filename: string): HandledLedgerReader {
  const db = openSqliteReadOnly(filename);
  return {
    listHandled: (threadId, page) => listHandledRows(db, threadId, page),
    close: () => db.close(),
  };
}
