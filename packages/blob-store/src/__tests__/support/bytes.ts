import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';

/** A deterministic stream of `size` pseudo-random bytes, produced chunk by chunk (never held whole). */
export function bigStream(size: number, seed = 'blob'): { stream: Readable; sha256: string } {
  const chunk = 64 * 1024;
  const hash = createHash('sha256');
  // The digest is computed up front from the same generator, block by block.
  const block = (i: number) => {
    const out = Buffer.alloc(Math.min(chunk, size - i * chunk));
    let state = createHash('sha256').update(`${seed}:${i}`).digest();
    for (let o = 0; o < out.length; o += state.length) {
      state.copy(out, o, 0, Math.min(state.length, out.length - o));
      state = createHash('sha256').update(state).digest();
    }
    return out;
  };
  const count = Math.ceil(size / chunk);
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
