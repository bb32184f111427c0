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
 * A Message-ID for an email the workflow sends, derived only from the thread and the step,
 * so a retried activity, a replay or a continue-as-new always produces the same id
 * (and the outbox sends it once).
 */
export function outboundMessageId(threadId: string, step: string): string {
  return `<${fnv1a64(threadId)}.${fnv1a64(step)}@orchestrator.local>`;
}
