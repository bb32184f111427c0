import { InvalidBlobIdError } from './errors';

const BLOB_ID = /^sha256:([0-9a-f]{64})$/;

/** Prefix of every blob id. */
export const BLOB_ID_PREFIX = 'sha256:';

/**
 * The SHA-256 hex digest named by a blob id. This is the only way ids become paths or keys,
 * so `../` and friends can never reach the file system or another bucket prefix.
 * @throws {InvalidBlobIdError} unless `id` is `sha256:<64 lowercase hex>`.
 * @example blobDigest('sha256:9f86…0a08') // '9f86…0a08'
 */
export function blobDigest(id: unknown): string {
  const match = typeof id === 'string' ? BLOB_ID.exec(id) : null;
  if (!match) throw new InvalidBlobIdError(String(id));
  return match[1] as string;
}

/** Whether `id` is a well-formed blob id. */
export function isBlobId(id: unknown): id is string {
  return typeof id === 'string' && BLOB_ID.test(id);
}
