/**
 * Content-addressed blob storage for Agent Orchestrator: large email bodies and attachments go
 * here, and only their {@link BlobRef}s travel through Temporal (whose payloads are capped at 2 MB).
 * A local directory by default; any S3-compatible server as an option.
 *
 * @example
 * import { blobStoreFromUrl } from '@org/orchestrator-blob-store';
 *
 * const blobs = blobStoreFromUrl('.data/blobs'); // a path, file:///dir or s3://bucket/prefix
 * const ref = await blobs.put(createReadStream('quote.pdf')); // { id: 'sha256:…', size, sha256 }
 * (await blobs.open(ref.id)).pipe(res);
 *
 * @module
 */
export { BLOB_ID_PREFIX, blobDigest, isBlobId } from './blob-id';
export type { BlobRef, BlobStore, PutBlobOptions } from './blob-store';
export { createDirectoryBlobStore } from './directory-store';
export { BlobCorruptError, BlobNotFoundError, BlobStoreConfigError, InvalidBlobIdError } from './errors';
export { DEFAULT_BLOB_DIR, blobStoreFromUrl } from './from-url';
export type { S3Access } from './from-url';
export { createS3BlobStore } from './s3-store';
export type { S3BlobStoreOptions } from './s3-store';
