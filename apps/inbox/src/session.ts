import type { FastifyReply, FastifyRequest } from 'fastify';

/** The session cookie: the signed-in address and its expiry, signed by `@fastify/cookie`. */
export const SESSION_COOKIE = 'inbox_session';

/** A signed-in person. */
export interface Session {
  email: string;
  expiresAt: number;
}

/** The session of a request, if its cookie is ours (signature checked), well-formed and not expired. */
export function readSession(request: FastifyRequest, now = Date.now()): Session | undefined {
  const raw = request.cookies[SESSION_COOKIE];
  if (!raw) return undefined;
  const unsigned = request.unsignCookie(raw);
  if (!unsigned.valid || unsigned.value === null) return undefined;
  const match = /^([^\s|]{3,320})\|(\d{13})$/.exec(unsigned.value);
  if (!match) return undefined;
  const session = { email: match[1] as string, expiresAt: Number(match[2]) };
  return session.expiresAt > now ? session : undefined;
}

/** Cookie attributes: HttpOnly, SameSite=Lax (links from mail still carry it), Secure under TLS. */
export function cookieOptions(secure: boolean, maxAgeMs?: number) {
  return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure, signed: true, ...(maxAgeMs ? { maxAge: Math.floor(maxAgeMs / 1000) } : {}) };
}

/** Signs `email` in for `ttlMs`. */
export function startSession(reply: FastifyReply, email: string, ttlMs: number, secure: boolean, now = Date.now()): void {
  reply.setCookie(SESSION_COOKIE, `${email.toLowerCase()}|${now + ttlMs}`, cookieOptions(secure, ttlMs));
}

export function endSession(reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(SESSION_COOKIE, cookieOptions(secure));
}
