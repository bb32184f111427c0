import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

/** Where a quarantined message came from: `via` plus whatever identifies it there (envelope, UID …). */
export interface QuarantineSource {
  via: 'smtp' | 'imap' | (string & {});
  [detail: string]: unknown;
}

/** One kept message: the raw bytes in `emlPath`, the reason and source in `metaPath` (JSON). */
export interface QuarantineEntry {
  /** `<timestamp>-<sha256>`: the file names without extension. */
  id: string;
  emlPath: string;
  metaPath: string;
  sha256: string;
  size: number;
}

/** What `<id>.json` holds. */
export interface QuarantineRecord {
  id: string;
  reason: string;
  /** Machine-readable reason, e.g. an `EmailParseError` reason such as `missing-from`. */
  code?: string;
  source: QuarantineSource;
  sha256: string;
  size: number;
  quarantinedAt: string;
}

/** Keeps messages ingress cannot understand, raw, for an operator to inspect (and, fixed, to redeliver). */
export interface Quarantine {
  /**
   * Stores `raw` with its reason durably: when this resolves, both files are on disk (fsynced).
   * @throws on any I/O failure; ingress then refuses the message temporarily rather than lose it.
   */
  keep(raw: Buffer, reason: string, source: QuarantineSource, options?: { code?: string }): Promise<QuarantineEntry>;
}

/**
 * A quarantine in a local directory (created when missing): `<timestamp>-<sha256>.eml` with the raw
 * bytes and `<timestamp>-<sha256>.json` with a {@link QuarantineRecord}. Each file is written to a
 * temporary name, fsynced and renamed into place, and the directory is fsynced, so a crash leaves
 * either nothing or a complete file. The `.eml` is written first: a `.json` always has its message.
 * @example
 * const quarantine = createDirectoryQuarantine('.data/quarantine');
 * const entry = await quarantine.keep(raw, 'the message has no From address', { via: 'smtp' });
 */
export function createDirectoryQuarantine(dir: string): Quarantine & { readonly dir: string } {
  const root = path.resolve(dir);
  return {
    dir: root,
    async keep(raw, reason, source, options = {}) {
      await fs.mkdir(root, { recursive: true });
      const sha256 = createHash('sha256').update(raw).digest('hex');
      const now = new Date();
      const id = `${now.toISOString().replace(/[-:.]/g, '')}-${sha256}`;
      const emlPath = path.join(root, `${id}.eml`);
      const metaPath = path.join(root, `${id}.json`);
      const record: QuarantineRecord = {
        id,
        reason,
        ...(options.code === undefined ? {} : { code: options.code }),
        source,
        sha256,
        size: raw.length,
        quarantinedAt: now.toISOString(),
      };
      await writeDurably(root, emlPath, raw);
      await writeDurably(root, metaPath, Buffer.from(`${JSON.stringify(record, null, 2)}\n`));
      await fsyncDirectory(root);
      return { id, emlPath, metaPath, sha256, size: raw.length };
    },
  };
}

async function writeDurably(dir: string, target: string, data: Buffer): Promise<void> {
  const tmp = path.join(dir, `.tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
  const handle = await fs.open(tmp, 'wx', 0o640);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await fs.rm(tmp, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await fs.rename(tmp, target);
  } catch (error) {
    await fs.rm(tmp, { force: true });
    throw error;
  }
}

async function fsyncDirectory(dir: string): Promise<void> {
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
