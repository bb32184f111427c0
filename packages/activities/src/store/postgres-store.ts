import { createHash } from 'node:crypto';
import type { Asynchronous } from '@org/orchestrator-postgres';
import { inTransaction, openPostgresPool } from '@org/orchestrator-postgres';
import type { HandledDbRow, HandledLedgerReader } from './handled-ledger';
import { HANDLED_PAGE_MAX, handledRowOf } from './handled-ledger';
import type { HandledListing, OrchestratorStore } from './orchestrator-store';

/** The orchestrator store answering with promises: the PostgreSQL implementation. */
export type PostgresOrchestratorStore = Asynchronous<OrchestratorStore>;

/** The name the store's connections show in `pg_stat_activity`. */
export const ORCHESTRATOR_STORE_APPLICATION_NAME = 'orchestrator-store';

type SeqRow = HandledDbRow & { seq: string };

/**
 * The orchestrator store in PostgreSQL, shared by workers on any number of hosts. Its schema
 * ({@link ORCHESTRATOR_SCHEMA}) must have been migrated (`migratePostgres`, done by the worker at
 * start and by `orchestrator migrate`). Same semantics as {@link openSqliteStore}.
 * @example
 * const store = openPostgresStore(process.env.DATABASE_URL!);
 */
export function openPostgresStore(url: string, options: { max?: number } = {}): PostgresOrchestratorStore {
  const pool = openPostgresPool(url, { applicationName: ORCHESTRATOR_STORE_APPLICATION_NAME, max: options.max ?? 4 });
  return {
    async recordHandled(record, at) {
      const { rows } = await pool.query<{ attempts: number }>(
        `INSERT INTO handled_messages
           (workflow_run_id, activity_id, thread_id, message_id, flow, action, reply_message_id, sender, subject, received_at, first_recorded_at, last_recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)
         ON CONFLICT (workflow_run_id, activity_id)
           DO UPDATE SET attempts = handled_messages.attempts + 1, last_recorded_at = EXCLUDED.last_recorded_at
         RETURNING attempts`,
        [
          record.workflowRunId,
          record.activityId,
          record.threadId,
          record.messageId,
          record.flow,
          record.action,
          record.replyMessageId ?? null,
          record.from ?? null,
          record.subject ?? null,
          record.receivedAt ?? null,
          at.toISOString(),
        ],
      );
      return { attempts: rows[0]?.attempts ?? 1 };
    },
    async handledMessages(threadId) {
      const { rows } = threadId
        ? await pool.query<HandledDbRow>('SELECT * FROM handled_messages WHERE thread_id = $1 ORDER BY seq', [threadId])
        : await pool.query<HandledDbRow>('SELECT * FROM handled_messages ORDER BY seq');
      return rows.map(handledRowOf);
    },
    async findHandled(threadId, messageIds) {
      if (messageIds.length === 0) return [];
      const { rows } = await pool.query<{ message_id: string }>(
        'SELECT DISTINCT message_id FROM handled_messages WHERE thread_id = $1 AND message_id = ANY($2::text[])',
        [threadId, messageIds],
      );
      const found = new Set(rows.map((r) => r.message_id));
      return messageIds.filter((id) => found.has(id));
    },
    async listHandled(threadId, page) {
      const limit = Math.max(1, Math.min(HANDLED_PAGE_MAX, Math.floor(page.limit)));
      const { before } = page;
      const { rows } =
        before === undefined
          ? await pool.query<SeqRow>('SELECT * FROM handled_messages WHERE thread_id = $1 ORDER BY seq DESC LIMIT $2', [threadId, limit])
          : await pool.query<SeqRow>(
              `SELECT * FROM handled_messages WHERE thread_id = $1 AND ${typeof before === 'number' ? 'seq' : 'first_recorded_at'} < $2 ORDER BY seq DESC LIMIT $3`,
              [threadId, before, limit],
            );
      return rows.map((r): HandledListing => ({ seq: Number(r.seq), ...handledRowOf(r) }));
    },
    async stash(threadId, json, count, at) {
      const id = `sha256:${createHash('sha256').update(json).digest('hex')}`;
      await pool.query(
        'INSERT INTO message_stash (id, thread_id, count, body, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (thread_id, id) DO NOTHING',
        [id, threadId, count, json, at.toISOString()],
      );
      return id;
    },
    async loadStash(threadId, id) {
      const { rows } = await pool.query<{ body: string }>('SELECT body FROM message_stash WHERE id = $1 AND thread_id = $2', [id, threadId]);
      return rows[0]?.body;
    },
    async claimAutoReplySlot({ sender, messageId, limit, windowMs }, at) {
      const key = sender.trim().toLowerCase();
      // A transaction-scoped lock per sender: two workers claiming for one sender cannot both take the last slot.
      return inTransaction(pool, async (client) => {
        await client.query("SELECT pg_advisory_xact_lock(hashtextextended('auto-reply:' || $1, 0))", [key]);
        const existing = await client.query<{ granted: boolean }>('SELECT granted FROM auto_reply_claims WHERE sender = $1 AND message_id = $2', [
          key,
          messageId,
        ]);
        if (existing.rows[0]) return { granted: existing.rows[0].granted };
        const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM auto_reply_claims WHERE sender = $1 AND granted AND claimed_at > $2', [
          key,
          new Date(at.getTime() - windowMs).toISOString(),
        ]);
        const granted = Number(rows[0]?.n ?? 0) < limit;
        await client.query('INSERT INTO auto_reply_claims (sender, message_id, granted, claimed_at) VALUES ($1, $2, $3, $4)', [
          key,
          messageId,
          granted,
          at.toISOString(),
        ]);
        return { granted };
      });
    },
    async close() {
      await pool.end();
    },
  };
}

/**
 * The handled-message ledger in the workers' PostgreSQL database (`DATABASE_URL`), for
 * command-line tools: one connection, reads only.
 * @example
 * const ledger = openPostgresHandledLedgerReader(process.env.DATABASE_URL!);
 * const newest = await ledger.listHandled('<req-1@acme.example>', { limit: 20 });
 */
export function openPostgresHandledLedgerReader(url: string): Asynchronous<HandledLedgerReader> {
  const store = openPostgresStore(url, { max: 1 });
  return { listHandled: (threadId, page) => store.listHandled(threadId, page), close: () => store.close() };
}
