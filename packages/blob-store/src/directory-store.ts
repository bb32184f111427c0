import { randomBytes } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream';
import type { BlobRef, BlobStore } from './blob-store';
import { blobDigest } from './blob-id';
import { checkBytes, digestFile, verifyingStream } from './blob-integrity';
import { syncDirectory, syncFile } from './durable-file';
import { BlobNotFoundError } from './errors';
import { refOf, streamToFile } from './hashing';

const TMP = '.tmp';

/**
 * A blob store in a local directory (created when missing): `<dir>/ab/cd/<sha256>`, fanned out by
 * the first two bytes of the hash so no directory grows huge. Writes go to `<dir>/.tmp` first and
 * are renamed into place, so a reader never sees half a blob and concurrent writers of the same
 * bytes (several worker processes) are harmless.
 *
 * Durable: `put` resolves only after the file and its directory entries are on the disk (fsync),
 * so a blob reported stored survives a power cut. Verified: `put` reuses a stored blob only if its
 * size and SHA-256 match (a file truncated by a crash is rewritten); `get` checks the bytes and
 * `open`'s stream fails at its end with {@link BlobCorruptError} instead of ending cleanly when
 * they do not match the id.
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

  /** Whether `file` holds exactly the blob `ref`: the size first (cheap), then the hash. */
  async function holds(file: string, ref: BlobRef): Promise<boolean> {
    try {
      const stat = await fs.stat(file);
      if (!stat.isFile() || stat.size !== ref.size) return false;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
    return (await digestFile(file)).sha256 === ref.sha256;
  }

  /** Makes the directories of `target` and records new ones in their parents (fsync). */
  async function makeDirectories(target: string): Promise<void> {
    const created = await fs.mkdir(path.dirname(target), { recursive: true });
    if (!created) return;
    for (let d = path.dirname(target); d.length > root.length; d = path.dirname(d)) {
      await syncDirectory(path.dirname(d));
      if (d === created) break;
    }
  }

  /** Moves a complete temp file to its final place, unless a sound copy is there (a corrupt one is replaced). */
  async function commit(tmp: string, ref: BlobRef): Promise<BlobRef> {
    const target = fileOf(ref.sha256);
    try {
      if (await holds(target, ref)) return ref;
      await syncFile(tmp);
      await makeDirectories(target);
      await fs.rename(tmp, target);
      await syncDirectory(path.dirname(target));
      return ref;
    } finally {
      await fs.rm(tmp, { force: true });
    }
  }

  async function openExisting(id: string): Promise<{ file: string; digest: string }> {
    const digest = blobDigest(id);
    const file = fileOf(digest);
    if (!(await exists(file))) throw new BlobNotFoundError(id);
    return { file, digest };
  }

  return {
    kind: 'directory',

    async put(data) {
      await fs.mkdir(tmpDir, { recursive: true });
      const tmp = tmpFile();
      if (Buffer.isBuffer(data)) {
        const ref = refOf(data);
        if (await holds(fileOf(ref.sha256), ref)) return ref;
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
      const { file, digest } = await openExisting(id);
      return checkBytes(id, digest, await fs.readFile(file));
    },

    async open(id): Promise<Readable> {
      const { file, digest } = await openExisting(id);
      // pipeline (unlike pipe) passes a read error on to the stream the caller gets.
      return pipeline(createReadStream(file), verifyingStream(id, digest), () => undefined);
    },

    async has(id) {
      return exists(fileOf(blobDigest(id)));
    },
  };
}
