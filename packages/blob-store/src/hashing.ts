import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { BlobRef } from './blob-store';
import { BLOB_ID_PREFIX } from './blob-id';

/** The reference of bytes held in memory. */
export function refOf(data: Buffer): BlobRef {
  const sha256 = createHash('sha256').update(data).digest('hex');
  return { id: `${BLOB_ID_PREFIX}${sha256}`, size: data.length, sha256 };
}

/**
 * Streams `source` into the file `target`, hashing on the way; memory use stays at one chunk.
 * @internal
 */
export async function streamToFile(source: NodeJS.ReadableStream, target: string): Promise<BlobRef> {
  const hash = createHash('sha256');
  let size = 0;
  const tap = new Transform({
    transform(chunk: Buffer | string, _encoding, callback) {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      hash.update(buffer);
      size += buffer.length;
      callback(null, buffer);
    },
  });
  await pipeline(source, tap, createWriteStream(target, { flags: 'wx' }));
  const sha256 = hash.digest('hex');
  return { id: `${BLOB_ID_PREFIX}${sha256}`, size, sha256 };
}
