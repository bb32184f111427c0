import { createHash } from 'node:crypto';

/** How a session was started. */
export type SignInMethod = 'link' | 'oidc';

/** A signed-in person's session as the store keeps it (the session id itself is never stored, only its hash). */
export interface SessionRecord {
  email: string;
  via: SignInMethod;
  createdAt: number;
  expiresAt: number;
}

/**
 * What the inbox keeps across restarts and processes: sessions (so one can be revoked before it
 * expires) and the ids of used single-use tokens (sign-in links, OpenID Connect states). SQLite in
 * the inbox's data folder by default, PostgreSQL with `DATABASE_URL` (several inbox processes).
 * Ids are hashed before they reach the database: a copy of it opens no session.
 */
export interface InboxStore {
  createSession(sessionId: string, record: SessionRecord): Promise<void>;
  /** The session, unless unknown, revoked or expired at `now`. */
  findSession(sessionId: string, now: number): Promise<SessionRecord | undefined>;
  /** Revokes one session (sign out). */
  revokeSession(sessionId: string, now: number): Promise<void>;
  /** Revokes every live session of `email` (sign out everywhere); returns how many were live. */
  revokeSessionsOf(email: string, now: number): Promise<number>;
  /** Marks a single-use token id used until `expiresAt`; `false` when it was used already (atomic). */
  useOnce(tokenId: string, expiresAt: number): Promise<boolean>;
  /** Whether a single-use token id was used. */
  isUsed(tokenId: string): Promise<boolean>;
  /**
   * Counts a sign-in link for `email` at `now`, kept until `expiresAt`, unless `max` of its links are
   * still unexpired: then `false`, nothing counted. Atomic across inbox processes on one database.
   */
  countSignInLink(email: string, now: number, expiresAt: number, max: number): Promise<boolean>;
  /** Forgets sessions, used ids and counted links that expired before `now` (they are refused or uncounted by their expiry anyway). */
  prune(now: number): Promise<void>;
  close(): Promise<void>;
}

/** The stored form of a session or token id: its SHA-256, hex. */
export function storedId(id: string): string {
  return createHash('sha256').update(id).digest('hex');
}

/** Most characters of an email address the store accepts (RFC 5321 path limit, as the sign-in form). */
export const MAX_EMAIL_LENGTH = 320;
