/**
 * Byte limits of what travels through Temporal, measured on the serialized payload: the UTF-8
 * JSON the default payload converter sends (see {@link serializedPayloadBytes}).
 */
export const PAYLOAD_LIMITS = {
  /**
   * Temporal's default `limit.blobSize.error`: the server refuses a larger payload with
   * `INVALID_ARGUMENT: Blob data size exceeds limit.`, on every retry.
   */
  temporalBlobBytes: 2 * 1024 * 1024,
  /**
   * Largest payload the client helpers send (`deliverEmail`'s default `maxPayloadBytes`): a 512 KiB
   * margin under {@link PAYLOAD_LIMITS.temporalBlobBytes} for payload metadata and codecs.
   */
  maxPayloadBytes: 1536 * 1024,
  /**
   * What the ingress fits one `NEW_MESSAGE` signal into: bodies go to the blob store as
   * `textRef`/`htmlRef` and lists are trimmed until the message fits. Conservative, because a
   * thread keeps its messages in workflow history and state, and Temporal warns at 512 KiB.
   */
  signalBudgetBytes: 256 * 1024,
} as const;

/**
 * How many bytes `value` takes as a Temporal payload with the default (JSON) payload converter:
 * the UTF-8 length of `JSON.stringify(value)`. Workflow-safe (no Buffer).
 * @example serializedPayloadBytes({ text: 'é' }) // 12
 */
export function serializedPayloadBytes(value: unknown): number {
  const json = JSON.stringify(value) as string | undefined;
  if (json === undefined) return 0;
  let bytes = 0;
  for (let i = 0; i < json.length; i++) {
    const code = json.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < json.length) {
      // JSON.stringify escapes lone surrogates, so a high surrogate here starts a pair: 4 bytes.
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}
