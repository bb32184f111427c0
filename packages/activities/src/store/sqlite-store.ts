import { createHash } from 'node:crypto';
import { migrateSqlite } from '@org/orchestrator-postgres';
import { openSqliteDatabase } from '@org/orchestrator-sqlite';
import type { HandledDbRow } from './handled-ledger';
import { handledRowOf, listHandledRows } from './handled-ledger';
import { ORCHESTRATOR_SCHEMA } from './orchestrator-schema';
import type { AutoReplyClaim, HandledRecord, HandledRow, OrchestratorStore } from './orchestrator-store';

/**
 * Opens (creating if needed) the SQLite store at `filename` (`:memory:` for tests), its schema
 * migrated by {@link ORCHESTRATOR_SCHEMA} (the same migrations as on PostgreSQL).
 * WAL mode and a busy timeout let several worker processes share one file.
 * @example
 * const store = openSqliteStore('.data/orchestrator.sqlite');
 */
export function openSqliteStore(filename: string): OrchestratorStore {
  const db = openSqliteDatabase(filename, { setup: (d) => migrateSqlite(d, [ORCHESTRATOR_SCHEMA]) });

  const upsertHandled = db.prepare<[Record<string, unknown>]>(`
    INSERT INTO handled_messages
      (workflow_run_id, activity_id, thread_id, message_id, flow, action, reply_message_id, sender, subject, received_at, first_recorded_at, last_recorded_at)
    VALUES (@workflowRunId, @activityId, @threadId, @messageId, @flow, @action, @replyMessageId, @from, @subject, @receivedAt, @at, @at)
    ON CONFLICT (workflow_run_id, activity_id)
      DO UPDATE SET attempts = attempts + 1, last_recorded_at = excluded.last_recorded_at
    RETURNING attempts`);

  const insertStash = db.prepare<[string, string, number, string, string]>(
    'INSERT INTO message_stash (id, thread_id, count, body, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (thread_id, id) DO NOTHING',
  );
  const findStash = db.prepare<[string, string]>('SELECT body FROM message_stash WHERE id = ? AND thread_id = ?');

  const findClaim = db.prepare<[string, string]>('SELECT granted FROM auto_reply_claims WHERE sender = ? AND message_id = ?');
  const countGranted = db.prepare<[string, string]>('SELECT COUNT(*) AS n FROM auto_reply_claims WHERE sender = ? AND granted = 1 AND claimed_at > ?');
  const insertClaim = db.prepare<[string, string, number, string]>(
    'INSERT INTO auto_reply_claims (sender, message_id, granted, claimed_at) VALUES (?, ?, ?, ?)',
  );
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
        from: record.from ?? null,
        subject: record.subject ?? null,
        receivedAt: record.receivedAt ?? null,
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
      return rows.map(handledRowOf);
    },
    findHandled(threadId: string, messageIds: string[]): string[] {
      const found = new Set<string>();
      // SQLite allows 32766 parameters; stay far below.
      for (let i = 0; i < messageIds.length; i += 500) {
        const ids = messageIds.slice(i, i + 500);
        const rows = db
          .prepare(`SELECT DISTINCT message_id FROM handled_messages WHERE thread_id = ? AND message_id IN (${ids.map(() => '?').join(', ')})`)
          .all(threadId, ...ids) as { message_id: string }[];
        for (const row of rows) found.add(row.message_id);
      }
      return messageIds.filter((id) => found.has(id));
    },
    listHandled(threadId, page) {
      return listHandledRows(db, threadId, page);
    },
    stash(threadId: string, json: string, count: number, at: Date): string {
      const id = `sha256:${createHash('sha256').update(json).digest('hex')}`;
      insertStash.run(id, threadId, count, json, at.toISOString());
      return id;
    },
    loadStash(threadId: string, id: string): string | undefined {
      return (findStash.get(id, threadId) as { body: string } | undefined)?.body;
    },
    close() {
      db.close();
    },
  };
}
