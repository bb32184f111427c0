import { hmac } from '@noble/hashes/hmac';
import { sha256 } from '@noble/hashes/sha256';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils';

/**
 * The patch marker of unguessable ids. A thread (or RFQ child) that starts with it fetches its key
 * from the `threadIdKey` activity; threads that started without it keep their guessable ids, so
 * their histories replay and their emails keep threading.
 */
export const UNGUESSABLE_IDS_PATCH = 'unguessable-ids';

/** Domain of the Message-IDs the orchestrator makes up. */
const DOMAIN = 'orchestrator.local';

/** 64-bit FNV-1a over UTF-16 code units, as 16 hex digits. Pure and deterministic. */
function fnv1a64(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i++) {
    hash ^= BigInt(text.charCodeAt(i));
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, '0');
}

/**
 * The Message-IDs of threads started before unguessable ids: a plain hash of the thread and the
 * step, which anyone who knows both can compute. Only for those threads (see {@link keyedMessageId}).
 */
export function legacyOutboundMessageId(threadId: string, step: string): string {
  return `<${fnv1a64(threadId)}.${fnv1a64(step)}@${DOMAIN}>`;
}

/**
 * A Message-ID for an email the workflow sends at `step`: HMAC-SHA256 of the step under the
 * thread's key (`threadIdKey`, itself an HMAC of the thread id under the worker's secret), as 32
 * hex digits (128 bits). The same key and step always give the same id, so a retried activity, a
 * replay or a continue-as-new sends once; without the secret nobody can compute a thread's ids,
 * and one thread's key tells nothing about another's.
 */
export function keyedMessageId(key: string, step: string): string {
  return `<${bytesToHex(hmac(sha256, hexToBytes(key), utf8ToBytes(step))).slice(0, 32)}@${DOMAIN}>`;
}
