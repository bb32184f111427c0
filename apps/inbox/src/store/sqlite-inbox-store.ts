import { INBOX_SCHEMA } from '@org/orchestrator-activities/database';
import { migrateSqlite } from '@org/orchestrator-postgres';
import { openSqliteDatabase } from '@org/orchestrator-sqlite';
import type { InboxStore, SignInMethod } from './inbox-store';
import { storedId } from './inbox-store';

// Times are epoch milliseconds.
interface SessionRow {
  email: string;
  via: SignInMethod;
  created_at: number;
  expires_at: number;
}

/**
 * The inbox's store in the SQLite file `filename` (`:memory:` for tests): one inbox process, or
 * several on one host (WAL, busy timeout). Used token ids and revocations are written with
 * `synchronous = FULL`, so a token used just before a crash stays used.
 * @example
 * const store = openSqliteInboxStore('.data/inbox/inbox.sqlite');
 */
export function openSqliteInboxStore(filename: string): InboxStore {
  const db = openSqliteDatabase(filename, { setup: (d) => migrateSqlite(d, [INBOX_SCHEMA]), synchronous: 'FULL' });
  const insertSession = db.prepare('INSERT INTO inbox_sessions (id_hash, email, via, created_at, expires_at) VALUES (?, ?, ?, ?, ?)');
  const selectSession = db.prepare<[string, number]>(
    'SELECT email, via, created_at, expires_at FROM inbox_sessions WHERE id_hash = ? AND revoked_at IS NULL AND expires_at > ?',
  );
  const revokeOne = db.prepare('UPDATE inbox_sessions SET revoked_at = ? WHERE id_hash = ? AND revoked_at IS NULL');
  const revokeAll = db.prepare('UPDATE inbox_sessions SET revoked_at = ? WHERE email = ? AND revoked_at IS NULL AND expires_at > ?');
  const insertUsed = db.prepare('INSERT INTO inbox_used_tokens (id_hash, expires_at) VALUES (?, ?) ON CONFLICT (id_hash) DO NOTHING');
  const selectUsed = db.prepare<[string]>('SELECT 1 FROM inbox_used_tokens WHERE id_hash = ?').pluck();
  const pruneSessions = db.prepare('DELETE FROM inbox_sessions WHERE expires_at <= ?');
  const pruneUsed = db.prepare('DELETE FROM inbox_used_tokens WHERE expires_at <= ?');
  const countLinks = db.prepare<[string, number]>('SELECT count(*) FROM inbox_sign_in_links_sent WHERE email = ? AND expires_at > ?').pluck();
  const insertLink = db.prepare('INSERT INTO inbox_sign_in_links_sent (email, sent_at, expires_at) VALUES (?, ?, ?)');
  const pruneLinks = db.prepare('DELETE FROM inbox_sign_in_links_sent WHERE expires_at <= ?');
  // IMMEDIATE: the count and the insert hold the write lock, so processes sharing the file cannot both pass the budget.
  const countLink = db.transaction((email: string, now: number, expiresAt: number, max: number) => {
    if ((countLinks.get(email, now) as number) >= max) return false;
    insertLink.run(email, now, expiresAt);
    return true;
  });

  return {
    async createSession(sessionId, record) {
      insertSession.run(storedId(sessionId), record.email, record.via, record.createdAt, record.expiresAt);
    },
    async findSession(sessionId, now) {
      const row = selectSession.get(storedId(sessionId), now) as SessionRow | undefined;
      return row && { email: row.email, via: row.via, createdAt: row.created_at, expiresAt: row.expires_at };
    },
    async revokeSession(sessionId, now) {
      revokeOne.run(now, storedId(sessionId));
    },
    async revokeSessionsOf(email, now) {
      return revokeAll.run(now, email, now).changes;
    },
    async useOnce(tokenId, expiresAt) {
      return insertUsed.run(storedId(tokenId), expiresAt).changes === 1;
    },
    async isUsed(tokenId) {
      return selectUsed.get(storedId(tokenId)) !== undefined;
    },
    async countSignInLink(email, now, expiresAt, max) {
      return countLink.immediate(email, now, expiresAt, max);
    },
    async prune(now) {
      db.transaction(() => {
        pruneSessions.run(now);
        pruneUsed.run(now);
        pruneLinks.run(now);
      }).immediate();
    },
    async close() {
      db.close();
    },
  };
}
