import { randomBytes } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { BlobRef, BlobStore } from './blob-store';
import { blobDigest } from './blob-id';
import { BlobNotFoundError } from './errors';
import { refOf, streamToFile } from './hashing';

const TMP = '.tmp';

/**
 * A blob store in a local directory (created when missing): `<dir>/ab/cd/<sha256>`, fanned out by
 * the first two bytes of the hash so no directory grows huge. Writes go to `<dir>/.tmp` first and
 * are renamed into place, so a reader never sees half a blob and concurrent writers of the same
 * bytes (several worker processes) are harmless.
 * @example
 * const blobs = createDirectoryBlobStore('.data/blobs');
 * const ref = await blobs.put(createReadStream('big.pdf')); // { id: 'sha256:…', size, sha256 }
 * const bytes = await blobs.get(ref.id);
 */
export function createDirectoryBlobStore(dir: string): BlobStore {
  const root = path.resolve(dir);
  const tmpDir = path.join(root, TMP);
  const fileOf = (digest: string) => path.join(root, digest.slice(0, 2), digest.slice(2, 4), digest);
  const tmpFile = () => path.join(tmpDir, `${process.pid}-${randomBytes(8).toString('hex')}`);

  async function exists(file: string): Promise<boolean> {
    try {
      return (await fs.stat(file)).isFile();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
  }

  /** Moves a complete temp file to its final place, unless the same blob is already there. */
  async function commit(tmp: string, ref: BlobRef): Promise<BlobRef> {
    const target = fileOf(ref.sha256);
    try {
      if (await exists(target)) return ref;
      await fs.mkdir(path.dirname(target), { recursive: true });
      await fs.rename(tmp, target);
      return ref;
    } finally {
      await fs.rm(tmp, { force: true });
    }
  }

  async function openExisting(id: string): Promise<string> {
    const file = fileOf(blobDigest(id));
    if (!(await exists(file))) throw new BlobNotFoundError(id);
    return file;
  }

  return {
    kind: 'directory',

    async put(data) {
      await fs.mkdir(tmpDir, { recursive: true });
      const tmp = tmpFile();
      if (Buffer.isBuffer(data)) {
        const ref = refOf(data);
        if (await exists(fileOf(ref.sha256))) return ref;
        await fs.writeFile(tmp, data, { flag: 'wx' });
        return commit(tmp, ref);
      }
      let ref: BlobRef;
      try {
        ref = await streamToFile(data, tmp);
      } catch (error) {
        await fs.rm(tmp, { force: true });
        throw error;
      }
      return commit(tmp, ref);
    },

    async get(id) {
      const file = await openExisting(id);
      return fs.readFile(file);
    },

    async open(id): Promise<Readable> {
      const file = await openExisting(id);
      return createReadStream(file);
    },

    async has(id) {
      return exists(fileOf(blobDigest(id)));
    },
  };
}
