import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BlobStore } from './blob-store';
import { createDirectoryBlobStore } from './directory-store';
import { BlobStoreConfigError } from './errors';
import { createS3BlobStore } from './s3-store';

/** Where blobs go when `BLOB_STORE_URL` is not set (relative to the working directory). */
export const DEFAULT_BLOB_DIR = '.data/blobs';

/**
 * The blob store configured by the environment:
 * - `BLOB_STORE_URL` unset → a directory store at `.data/blobs`;
 * - `file:///abs/dir` or a plain path → a directory store there;
 * - `s3://bucket/optional/prefix` → an S3 store, with `S3_ENDPOINT` (for S3-compatible servers),
 *   `AWS_REGION` and `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` (else the SDK's default chain).
 * @throws {BlobStoreConfigError} for any other URL scheme or an S3 URL without a bucket.
 * @example
 * const blobs = blobStoreFromEnv(); // reads process.env
 */
export function blobStoreFromEnv(env: NodeJS.ProcessEnv = process.env): BlobStore {
  const url = env['BLOB_STORE_URL']?.trim() || DEFAULT_BLOB_DIR;
  if (url.startsWith('s3://')) {
    const rest = url.slice('s3://'.length);
    const slash = rest.indexOf('/');
    const bucket = slash < 0 ? rest : rest.slice(0, slash);
    const prefix = slash < 0 ? '' : rest.slice(slash + 1);
    if (!bucket) throw new BlobStoreConfigError(`BLOB_STORE_URL "${url}" names no bucket (expected s3://bucket/prefix)`);
    const accessKeyId = env['AWS_ACCESS_KEY_ID'];
    const secretAccessKey = env['AWS_SECRET_ACCESS_KEY'];
    return createS3BlobStore({
      bucket,
      prefix,
      endpoint: env['S3_ENDPOINT'] || undefined,
      region: env['AWS_REGION'] || undefined,
      credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey, sessionToken: env['AWS_SESSION_TOKEN'] || undefined } : undefined,
    });
  }
  if (url.startsWith('file:')) return createDirectoryBlobStore(fileURLToPath(url));
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) {
    throw new BlobStoreConfigError(`BLOB_STORE_URL "${url}": unsupported scheme (use a path, file:///dir or s3://bucket/prefix)`);
  }
  return createDirectoryBlobStore(path.resolve(url));
}
