import { promises as fs } from 'node:fs';

/**
 * Flushes a file's data to the disk (fsync). `rename` alone is atomic but not durable: after a
 * power cut the new name may point at a file whose data never reached the disk.
 * @internal
 */
export async function syncFile(file: string): Promise<void> {
  const handle = await fs.open(file, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Flushes a directory's entries (fsync on the directory), so a file created or renamed into it
 * survives a power cut. Windows cannot open directories for this; it journals metadata itself.
 * @internal
 */
export async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
