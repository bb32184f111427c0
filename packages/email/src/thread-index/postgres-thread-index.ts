import { openPostgresPool } from '@org/orchestrator-postgres';
import type { ThreadIndex } from './thread-index';
import { checkLookup, checkThreadIndexRecord, indexableMessageId } from './thread-index';

/**
 * The thread index in PostgreSQL ({@link THREAD_INDEX_SCHEMA}, migrated first), shared by the
 * workers and ingresses of every host. Same rules as {@link openSqliteThreadIndex}: an outbound
 * record replaces an inbound one, an inbound one never replaces anything; each write is one statement.
 * @example
 * const index = openPostgresThreadIndex(process.env.DATABASE_URL!);
 */
export function openPostgresThreadIndex(url: string): ThreadIndex {
  const pool = openPostgresPool(url, { applicationName: 'orchestrator-thread-index', max: 2 });
  return {
    async record(input, at) {
      const entry = checkThreadIndexRecord(input);
      const write =
        entry.direction === 'outbound'
          ? `INSERT INTO thread_index (message_id, thread_id, direction, recorded_at) VALUES ($1, $2, 'outbound', $3)
             ON CONFLICT (message_id) DO UPDATE SET thread_id = EXCLUDED.thread_id, direction = 'outbound', recorded_at = EXCLUDED.recorded_at
               WHERE thread_index.direction = 'inbound' OR thread_index.thread_id <> EXCLUDED.thread_id`
          : `INSERT INTO thread_index (message_id, thread_id, direction, recorded_at) VALUES ($1, $2, 'inbound', $3)
             ON CONFLICT (message_id) DO NOTHING`;
      await pool.query(write, [entry.messageId, entry.threadId, at.toISOString()]);
      const { rows } = await pool.query<{ thread_id: string }>('SELECT thread_id FROM thread_index WHERE message_id = $1', [entry.messageId]);
      return { threadId: rows[0]!.thread_id };
    },
    async threadsOf(messageIds) {
      checkLookup(messageIds);
      const ids = messageIds.map((given) => [given, indexableMessageId(given)] as const);
      const stored = ids.flatMap(([, id]) => (id === undefined ? [] : [id]));
      if (stored.length === 0) return new Map();
      const { rows } = await pool.query<{ message_id: string; thread_id: string }>(
        'SELECT message_id, thread_id FROM thread_index WHERE message_id = ANY($1::text[])',
        [stored],
      );
      const threadOf = new Map(rows.map((r) => [r.message_id, r.thread_id]));
      const found = new Map<string, string>();
      for (const [given, id] of ids) {
        const threadId = id === undefined ? undefined : threadOf.get(id);
        if (threadId !== undefined) found.set(given, threadId);
      }
      return found;
    },
    async close() {
      await pool.end();
    },
  };
}
