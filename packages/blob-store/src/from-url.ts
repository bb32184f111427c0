import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BlobStore } from './blob-store';
import { createDirectoryBlobStore } from './directory-store';
import { BlobStoreConfigError } from './errors';
import type { S3BlobStoreOptions } from './s3-store';
import { createS3BlobStore } from './s3-store';

/** Where blobs go when no URL is given (relative to the working directory). */
export const DEFAULT_BLOB_DIR = '.data/blobs';

/** How an `s3://` store reaches S3 (else the SDK's defaults: AWS, `us-east-1`, the default credential chain). */
export type S3Access = Pick<S3BlobStoreOptions, 'endpoint' | 'region' | 'credentials'>;

/**
 * The blob store a URL names (the processes take it from `BLOB_STORE_URL` and `S3_ENDPOINT` /
 * `AWS_*`, declared in `@org/orchestrator-contracts`' `SHARED_ENV` and read by its
 * `blobStoreSettingsFromEnv`):
 * - unset or blank → a directory store at {@link DEFAULT_BLOB_DIR};
 * - `file:///abs/dir` or a plain path → a directory store there;
 * - `s3://bucket/optional/prefix` → an S3 store reached with `s3`.
 * @throws {BlobStoreConfigError} for any other URL scheme or an S3 URL without a bucket.
 * @example
 * const blobs = blobStoreFromUrl('s3://mail/blobs', { endpoint: 'http://127.0.0.1:9000' });
 */
export function blobStoreFromUrl(url: string | undefined, s3: S3Access = {}): BlobStore {
  const value = url?.trim() || DEFAULT_BLOB_DIR;
  if (value.startsWith('s3://')) {
    const rest = value.slice('s3://'.length);
    const slash = rest.indexOf('/');
    const bucket = slash < 0 ? rest : rest.slice(0, slash);
    const prefix = slash < 0 ? '' : rest.slice(slash + 1);
    if (!bucket) throw new BlobStoreConfigError(`BLOB_STORE_URL "${value}" names no bucket (expected s3://bucket/prefix)`);
    return createS3BlobStore({ bucket, prefix, ...s3 });
  }
  if (value.startsWith('file:')) return createDirectoryBlobStore(fileURLToPath(value));
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    throw new BlobStoreConfigError(`BLOB_STORE_URL "${value}": unsupported scheme (use a path, file:///dir or s3://bucket/prefix)`);
  }
  return createDirectoryBlobStore(path.resolve(value));
}
