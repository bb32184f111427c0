import type { Readable } from 'node:stream';

/** A stored blob: content-addressed, so the same bytes always get the same `id`. */
export interface BlobRef {
  /** `sha256:<64 lowercase hex>`. */
  id: string;
  /** Size in bytes. */
  size: number;
  /** Lowercase hex SHA-256 of the bytes (the part of `id` after `sha256:`). */
  sha256: string;
}

/** Optional metadata of {@link BlobStore.put}. */
export interface PutBlobOptions {
  /** Stored with the object where the backend supports it (S3); informational only. */
  contentType?: string;
}

/**
 * Content-addressed storage for email bodies and attachments too large to travel through Temporal.
 * Only {@link BlobRef}s go into workflow payloads; activities read the bytes back by id.
 *
 * `put` is idempotent (same bytes, same id, stored once); a stream is written as it arrives and
 * never held in memory whole. Ids are validated before use: a malformed id throws
 * {@link InvalidBlobIdError}, an unknown one {@link BlobNotFoundError}. Stored bytes that do not
 * match their id are never handed out as the blob: `get` throws {@link BlobCorruptError}, and the
 * stream of `open` fails with it at its end.
 */
export interface BlobStore {
  /** Which backend this is. */
  readonly kind: 'directory' | 's3';
  /** Stores bytes (a Buffer, or a stream consumed to its end) and returns their reference. */
  put(data: Buffer | NodeJS.ReadableStream, meta?: PutBlobOptions): Promise<BlobRef>;
  /** The whole blob in memory: for small blobs; prefer {@link BlobStore.open} for big ones. */
  get(id: string): Promise<Buffer>;
  /** A stream of the blob's bytes. */
  open(id: string): Promise<Readable>;
  /** Whether a blob with this id is stored. */
  has(id: string): Promise<boolean>;
}
