import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { InboxStore, SignInMethod } from './store/inbox-store';

/** The session cookie: a random session id, signed by `@fastify/cookie`; the store says whose it is. */
export const SESSION_COOKIE = 'inbox_session';

/** A signed-in person. */
export interface Session {
  /** The cookie's session id (random, 256 bits); the store keeps only its hash. */
  id: string;
  email: string;
  via: SignInMethod;
  createdAt: number;
  expiresAt: number;
}

const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;
const PRUNE_EVERY_MS = 3600_000;

/** Cookie attributes: HttpOnly, SameSite=Lax (links from mail still carry it), Secure under TLS. */
export function cookieOptions(secure: boolean, maxAgeMs?: number, path = '/') {
  return { path, httpOnly: true, sameSite: 'lax' as const, secure, signed: true, ...(maxAgeMs ? { maxAge: Math.floor(maxAgeMs / 1000) } : {}) };
}

/**
 * Server-side sessions: the cookie carries a signed random id, the store holds who it is and
 * whether it still counts, so a session can be revoked (sign out, sign out everywhere) and
 * survives a restart of the inbox.
 */
export class Sessions {
  private lastPruneAt = 0;

  constructor(
    private readonly store: InboxStore,
    private readonly options: { ttlMs: number; secure: boolean },
  ) {}

  /** Signs `email` in: a new session in the store and its cookie on `reply`. */
  async start(reply: FastifyReply, email: string, via: SignInMethod, now = Date.now()): Promise<Session> {
    if (now - this.lastPruneAt > PRUNE_EVERY_MS) {
      this.lastPruneAt = now;
      await this.store.prune(now);
    }
    const session: Session = {
      id: randomBytes(32).toString('base64url'),
      email: email.toLowerCase(),
      via,
      createdAt: now,
      expiresAt: now + this.options.ttlMs,
    };
    await this.store.createSession(session.id, { email: session.email, via, createdAt: now, expiresAt: session.expiresAt });
    reply.setCookie(SESSION_COOKIE, session.id, cookieOptions(this.options.secure, this.options.ttlMs));
    return session;
  }

  /** The session of a request: its cookie is ours (signature checked) and the store has it live (not revoked, not expired). */
  async read(request: FastifyRequest, now = Date.now()): Promise<Session | undefined> {
    const raw = request.cookies[SESSION_COOKIE];
    if (!raw) return undefined;
    const unsigned = request.unsignCookie(raw);
    if (!unsigned.valid || unsigned.value === null || !SESSION_ID.test(unsigned.value)) return undefined;
    const record = await this.store.findSession(unsigned.value, now);
    return record && { id: unsigned.value, ...record };
  }

  /** Sign out: revokes this session (its cookie is refused from now on, wherever it was copied to). */
  async end(reply: FastifyReply, session: Session | undefined, now = Date.now()): Promise<void> {
    if (session) await this.store.revokeSession(session.id, now);
    reply.clearCookie(SESSION_COOKIE, cookieOptions(this.options.secure));
  }

  /** Sign out everywhere: revokes every session of this person; returns how many there were. */
  async endEverywhere(reply: FastifyReply, session: Session, now = Date.now()): Promise<number> {
    const revoked = await this.store.revokeSessionsOf(session.email, now);
    reply.clearCookie(SESSION_COOKIE, cookieOptions(this.options.secure));
    return revoked;
  }
}
