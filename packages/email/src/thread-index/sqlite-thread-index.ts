import { migrateSqlite } from '@org/orchestrator-postgres';
import { openSqliteDatabase } from '@org/orchestrator-sqlite';
import type { ThreadIndex, ThreadIndexRecord } from './thread-index';
import { checkLookup, checkThreadIndexRecord, indexableMessageId } from './thread-index';
import { THREAD_INDEX_SCHEMA } from './thread-index-schema';

/**
 * Opens (creating if needed) the thread index in the SQLite file `filename` (`:memory:` for
 * tests), its table made by {@link THREAD_INDEX_SCHEMA} as on PostgreSQL. The table lives
 * happily next to the orchestrator's other tables: the worker and the ingress of one host open
 * the same file (WAL, busy timeout, race-free schema creation). Across
 * hosts a SQLite file cannot be shared; use {@link openPostgresThreadIndex} there.
 * @example
 * const index = openSqliteThreadIndex('.data/orchestrator.sqlite');
 * await index.record({ messageId: '<a1@orchestrator.local>', threadId: '<m1@customer.example>', direction: 'outbound' }, new Date());
 * await index.threadsOf(['<a1@orchestrator.local>']); // Map { '<a1@orchestrator.local>' => '<m1@customer.example>' }
 */
export function openSqliteThreadIndex(filename: string): ThreadIndex {
  const db = openSqliteDatabase(filename, { setup: (d) => migrateSqlite(d, [THREAD_INDEX_SCHEMA]) });

  const insertInbound = db.prepare<[string, string, string]>(
    `INSERT INTO thread_index (message_id, thread_id, direction, recorded_at) VALUES (?, ?, 'inbound', ?)
     ON CONFLICT (message_id) DO NOTHING`,
  );
  // An outbound row wins over an inbound one; an outbound row is never rewritten (its first time stays).
  const upsertOutbound = db.prepare<[string, string, string]>(
    `INSERT INTO thread_index (message_id, thread_id, direction, recorded_at) VALUES (?, ?, 'outbound', ?)
     ON CONFLICT (message_id) DO UPDATE SET thread_id = excluded.thread_id, direction = 'outbound', recorded_at = excluded.recorded_at
       WHERE thread_index.direction = 'inbound' OR thread_index.thread_id <> excluded.thread_id`,
  );
  const threadOf = db.prepare<[string]>('SELECT thread_id FROM thread_index WHERE message_id = ?').pluck();

  const record = db.transaction((entry: ThreadIndexRecord, at: string): string => {
    (entry.direction === 'outbound' ? upsertOutbound : insertInbound).run(entry.messageId, entry.threadId, at);
    return threadOf.get(entry.messageId) as string;
  });

  return {
    async record(input, at) {
      const entry = checkThreadIndexRecord(input);
      return { threadId: record.immediate(entry, at.toISOString()) };
    },
    async threadsOf(messageIds) {
      checkLookup(messageIds);
      const found = new Map<string, string>();
      for (const given of messageIds) {
        const id = indexableMessageId(given);
        const threadId = id === undefined ? undefined : (threadOf.get(id) as string | undefined);
        if (threadId !== undefined) found.set(given, threadId);
      }
      return found;
    },
    async close() {
      db.close();
    },
  };
}
