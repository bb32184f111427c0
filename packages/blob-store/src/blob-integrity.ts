import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Transform } from 'node:stream';
import { BlobCorruptError } from './errors';

/** Size and SHA-256 of a file, read as a stream (one chunk in memory). @internal */
export async function digestFile(file: string): Promise<{ size: number; sha256: string }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(file)) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { size, sha256: hash.digest('hex') };
}

/** Throws {@link BlobCorruptError} unless `data` hashes to `digest`. @internal */
export function checkBytes(id: string, digest: string, data: Buffer): Buffer {
  const sha256 = createHash('sha256').update(data).digest('hex');
  if (sha256 !== digest) throw new BlobCorruptError(id, { size: data.length, sha256 });
  return data;
}

/**
 * A pass-through that hashes what flows through and, at the end, fails with
 * {@link BlobCorruptError} instead of ending cleanly when the bytes were not the blob's. A consumer
 * (a `pipeline`, an SMTP send) therefore fails rather than delivering wrong bytes as complete.
 * @internal
 */
export function verifyingStream(id: string, digest: string): Transform {
  const hash = createHash('sha256');
  let size = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      size += chunk.length;
      callback(null, chunk);
    },
    flush(callback) {
      const sha256 = hash.digest('hex');
      callback(sha256 === digest ? null : new BlobCorruptError(id, { size, sha256 }));
    },
  });
}
