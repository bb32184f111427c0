import { INBOX_SCHEMA } from '@org/orchestrator-activities/database';
import { migratePostgres, openPostgresPool } from '@org/orchestrator-postgres';
import type { InboxStore, SignInMethod } from './inbox-store';
import { storedId } from './inbox-store';

interface SessionRow {
  email: string;
  via: SignInMethod;
  created_at: string;
  expires_at: string;
}

/**
 * The inbox's store in PostgreSQL (`DATABASE_URL`), shared by inbox processes on several hosts:
 * migrates {@link INBOX_SCHEMA} first (safe when several start at once), then one statement per call.
 * @example
 * const store = await openPostgresInboxStore(process.env.DATABASE_URL!);
 */
export async function openPostgresInboxStore(url: string): Promise<InboxStore> {
  await migratePostgres(url, [INBOX_SCHEMA]);
  const pool = openPostgresPool(url, { applicationName: 'orchestrator-inbox', max: 4 });
  return {
    async createSession(sessionId, record) {
      await pool.query('INSERT INTO inbox_sessions (id_hash, email, via, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)', [
        storedId(sessionId),
        record.email,
        record.via,
        record.createdAt,
        record.expiresAt,
      ]);
    },
    async findSession(sessionId, now) {
      const { rows } = await pool.query<SessionRow>(
        'SELECT email, via, created_at, expires_at FROM inbox_sessions WHERE id_hash = $1 AND revoked_at IS NULL AND expires_at > $2',
        [storedId(sessionId), now],
      );
      const row = rows[0];
      // bigint columns come back as strings (epoch milliseconds fit a double exactly).
      return row && { email: row.email, via: row.via, createdAt: Number(row.created_at), expiresAt: Number(row.expires_at) };
    },
    async revokeSession(sessionId, now) {
      await pool.query('UPDATE inbox_sessions SET revoked_at = $1 WHERE id_hash = $2 AND revoked_at IS NULL', [now, storedId(sessionId)]);
    },
    async revokeSessionsOf(email, now) {
      const result = await pool.query('UPDATE inbox_sessions SET revoked_at = $1 WHERE email = $2 AND revoked_at IS NULL AND expires_at > $1', [now, email]);
      return result.rowCount ?? 0;
    },
    async useOnce(tokenId, expiresAt) {
      const result = await pool.query('INSERT INTO inbox_used_tokens (id_hash, expires_at) VALUES ($1, $2) ON CONFLICT (id_hash) DO NOTHING', [
        storedId(tokenId),
        expiresAt,
      ]);
      return result.rowCount === 1;
    },
    async isUsed(tokenId) {
      const { rowCount } = await pool.query('SELECT 1 FROM inbox_used_tokens WHERE id_hash = $1', [storedId(tokenId)]);
      return (rowCount ?? 0) > 0;
    },
    async countSignInLink(email, now, expiresAt, max) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        // One address at a time across processes: the count and the insert cannot interleave.
        await client.query("SELECT pg_advisory_xact_lock(hashtext('inbox-sign-in:' || $1))", [email]);
        const { rows } = await client.query<{ count: string }>('SELECT count(*) FROM inbox_sign_in_links_sent WHERE email = $1 AND expires_at > $2', [
          email,
          now,
        ]);
        const allowed = Number(rows[0]?.count ?? 0) < max;
        if (allowed) await client.query('INSERT INTO inbox_sign_in_links_sent (email, sent_at, expires_at) VALUES ($1, $2, $3)', [email, now, expiresAt]);
        await client.query('COMMIT');
        return allowed;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async prune(now) {
      await pool.query('DELETE FROM inbox_sessions WHERE expires_at <= $1', [now]);
      await pool.query('DELETE FROM inbox_used_tokens WHERE expires_at <= $1', [now]);
      await pool.query('DELETE FROM inbox_sign_in_links_sent WHERE expires_at <= $1', [now]);
    },
    async close() {
      await pool.end();
    },
  };
}
