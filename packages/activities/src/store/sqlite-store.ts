import { openSqliteDatabase } from '@org/orchestrator-sqlite';
import type { AutoReplyClaim, HandledRecord, HandledRow, OrchestratorStore } from './orchestrator-store';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS handled_messages (
  workflow_run_id TEXT NOT NULL,
  activity_id TEXT NOT NULL,
  thread_id TEXT NOT NULL,
  message_id TEXT NOT NULL,
  flow TEXT NOT NULL,
  action TEXT NOT NULL,
  reply_message_id TEXT,
  attempts INTEGER NOT NULL DEFAULT 1,
  first_recorded_at TEXT NOT NULL,
  last_recorded_at TEXT NOT NULL,
  PRIMARY KEY (workflow_run_id, activity_id)
);
CREATE INDEX IF NOT EXISTS handled_messages_by_thread ON handled_messages (thread_id, message_id);
CREATE TABLE IF NOT EXISTS auto_reply_claims (
  sender TEXT NOT NULL,
  message_id TEXT NOT NULL,
  granted INTEGER NOT NULL,
  claimed_at TEXT NOT NULL,
  PRIMARY KEY (sender, message_id)
);
CREATE INDEX IF NOT EXISTS auto_reply_claims_by_sender ON auto_reply_claims (sender, granted, claimed_at);
`;

interface HandledDbRow {
  workflow_run_id: string;
  activity_id: string;
  thread_id: string;
  message_id: string;
  flow: HandledRow['flow'];
  action: string;
  reply_message_id: string | null;
  attempts: number;
  first_recorded_at: string;
  last_recorded_at: string;
}


/**
 * Opens (creating if needed) the SQLite store at `filename` (`:memory:` for tests).
 * WAL mode and a busy timeout let several worker processes share one file.
 * @example
 * const store = openSqliteStore('.data/orchestrator.sqlite');
 */
export function openSqliteStore(filename: string): OrchestratorStore {
  const db = openSqliteDatabase(filename, { setup: (d) => d.exec(SCHEMA) });

  const upsertHandled = db.prepare<[Record<string, unknown>]>(`
    INSERT INTO handled_messages
      (workflow_run_id, activity_id, thread_id, message_id, flow, action, reply_message_id, first_recorded_at, last_recorded_at)
    VALUES (@workflowRunId, @activityId, @threadId, @messageId, @flow, @action, @replyMessageId, @at, @at)
    ON CONFLICT (workflow_run_id, activity_id)
      DO UPDATE SET attempts = attempts + 1, last_recorded_at = excluded.last_recorded_at
    RETURNING attempts`);

  const findClaim = db.prepare<[string, string]>('SELECT granted FROM auto_reply_claims WHERE sender = ? AND message_id = ?');
  const countGranted = db.prepare<[string, string]>('SELECT COUNT(*) AS n FROM auto_reply_claims WHERE sender = ? AND granted = 1 AND claimed_at > ?');
  const insertClaim = db.prepare<[string, string, number, string]>('INSERT INTO auto_reply_claims (sender, message_id, granted, claimed_at) VALUES (?, ?, ?, ?)');
  // One transaction: two workers claiming for the same sender cannot both take the last slot.
  const claim = db.transaction(({ sender, messageId, limit, windowMs }: AutoReplyClaim, at: Date): { granted: boolean } => {
    const key = sender.trim().toLowerCase();
    const existing = findClaim.get(key, messageId) as { granted: number } | undefined;
    if (existing) return { granted: existing.granted === 1 };
    const { n } = countGranted.get(key, new Date(at.getTime() - windowMs).toISOString()) as { n: number };
    const granted = n < limit;
    insertClaim.run(key, messageId, granted ? 1 : 0, at.toISOString());
    return { granted };
  });

  return {
    claimAutoReplySlot(request: AutoReplyClaim, at: Date) {
      return claim.immediate(request, at);
    },
    recordHandled(record: HandledRecord, at: Date) {
      const row = upsertHandled.get({
        ...record,
        replyMessageId: record.replyMessageId ?? null,
        at: at.toISOString(),
      }) as { attempts: number };
      return { attempts: row.attempts };
    },
    handledMessages(threadId?: string): HandledRow[] {
      const rows = (
        threadId
          ? db.prepare('SELECT * FROM handled_messages WHERE thread_id = ? ORDER BY rowid').all(threadId)
          : db.prepare('SELECT * FROM handled_messages ORDER BY rowid').all()
      ) as HandledDbRow[];
      return rows.map((r) => ({
        workflowRunId: r.workflow_run_id,
        activityId: r.activity_id,
        threadId: r.thread_id,
        messageId: r.message_id,
        flow: r.flow,
        action: r.action,
        replyMessageId: r.reply_message_id ?? undefined,
        attempts: r.attempts,
        firstRecordedAt: r.first_recorded_at,
        lastRecordedAt: r.last_recorded_at,
      }));
    },
    close() {
      db.close();
    },
  };
}
