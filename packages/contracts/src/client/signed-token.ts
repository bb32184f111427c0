import { createHmac, timingSafeEqual } from 'node:crypto';
import { OrchestratorError } from '@org/orchestrator-contracts';

/**
 * Why a signed token was refused. `malformed`: not a token of ours at all; `forged`: the signature
 * does not match (altered, or signed with another secret); `expired`; `wrong-purpose`: a valid token
 * made for something else (a sign-in link used as a decision link, or the reverse).
 */
export type SignedTokenRefusal = 'malformed' | 'forged' | 'expired' | 'wrong-purpose';

/** A token failed verification; `reason` says how. Nothing was changed by it. */
export class SignedTokenError extends OrchestratorError {
  override readonly name = 'SignedTokenError';
  constructor(readonly reason: SignedTokenRefusal) {
    super('SignedTokenRefused', `link refused: ${reason}`);
  }
}

/** Every signed token carries what it is for and when it stops being valid (ms since the epoch). */
interface TokenEnvelope {
  p: string;
  exp: number;
}

/** Tokens longer than this are refused before any parsing (a URL segment, not a payload carrier). */
const MAX_TOKEN_LENGTH = 4096;
const MIN_SECRET_BYTES = 32;

function mac(secret: string, body: string): Buffer {
  return createHmac('sha256', secret).update(body).digest();
}

/** Refuses secrets too short to resist guessing (at least 32 bytes, e.g. `openssl rand -hex 32`). */
export function assertStrongSecret(secret: string, name = 'secret'): void {
  if (Buffer.byteLength(secret) < MIN_SECRET_BYTES) throw new Error(`${name} must be at least ${MIN_SECRET_BYTES} bytes long`);
}

/**
 * Signs `payload` for `purpose` until `expiresAt` (ms): `<base64url JSON>.<base64url HMAC-SHA256>`,
 * URL-safe, readable by anyone who has it (put nothing secret in it), unforgeable without `secret`.
 */
export function signToken(secret: string, purpose: string, payload: Record<string, unknown>, expiresAt: number): string {
  assertStrongSecret(secret);
  const body = Buffer.from(JSON.stringify({ ...payload, p: purpose, exp: expiresAt })).toString('base64url');
  return `${body}.${mac(secret, body).toString('base64url')}`;
}

/**
 * Verifies a token made by {@link signToken} for `purpose` and returns its payload.
 * @throws {SignedTokenError} when it is malformed, forged, expired or made for another purpose.
 */
export function verifyToken<T extends object>(secret: string, purpose: string, token: string, now = Date.now()): T & TokenEnvelope {
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) throw new SignedTokenError('malformed');
  const match = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) throw new SignedTokenError('malformed');
  const [, body, signature] = match;
  const given = Buffer.from(signature, 'base64url');
  const expected = mac(secret, body);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new SignedTokenError('forged');
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    throw new SignedTokenError('malformed');
  }
  if (typeof payload !== 'object' || payload === null) throw new SignedTokenError('malformed');
  const envelope = payload as Partial<TokenEnvelope>;
  if (envelope.p !== purpose) throw new SignedTokenError('wrong-purpose');
  if (typeof envelope.exp !== 'number' || !(now < envelope.exp)) throw new SignedTokenError('expired');
  return payload as T & TokenEnvelope;
}
