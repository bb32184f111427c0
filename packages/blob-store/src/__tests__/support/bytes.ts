import { createCipheriv, createHash } from 'node:crypto';
import { Readable } from 'node:stream';

/**
 * A deterministic stream of `size` pseudo-random bytes, produced chunk by chunk (never held whole).
 * Each 64 KiB block is an AES-256-CTR keystream over zeros, keyed by the seed with the block index as
 * counter: incompressible, reproducible, and cheap enough that generating 25 MB twice (once for the
 * digest, once for the stream) takes well under a second on a loaded machine.
 */
export function bigStream(size: number, seed = 'blob'): { stream: Readable; sha256: string } {
  const chunk = 64 * 1024;
  const key = createHash('sha256').update(seed).digest();
  const zeros = Buffer.alloc(chunk);
  const block = (i: number) => {
    const iv = Buffer.alloc(16);
    iv.writeUInt32BE(i, 0);
    return createCipheriv('aes-256-ctr', key, iv).update(zeros.subarray(0, Math.min(chunk, size - i * chunk)));
  };
  const count = Math.ceil(size / chunk);
  const hash = createHash('sha256');
  for (let i = 0; i < count; i++) hash.update(block(i));
  let i = 0;
  const stream = new Readable({
    read() {
      this.push(i < count ? block(i++) : null);
    },
  });
  return { stream, sha256: hash.digest('hex') };
}

/** SHA-256 and length of everything a stream yields. */
export async function digestOf(stream: NodeJS.ReadableStream): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of stream) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), size };
}
